package dev.attest.membership.membership;

import dev.attest.contracts.membership.v1.ClientLeft.Reason;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.membership.MembershipEvents.ClientLeft;
import dev.attest.membership.membership.MembershipEvents.GroupJoined;
import dev.attest.membership.membership.MembershipEvents.GroupLeft;
import dev.attest.membership.membership.MembershipEvents.MembershipStarted;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One user's belonging to one client, as MAIN (home client) or GUEST, with its groups there. */
@Aggregate
public class Membership {

    @AggregateIdentifier
    private String membershipId;
    private String userId;
    private String clientId;
    private Kind kind;
    private final Set<String> groupIds = new HashSet<>();
    private boolean ended;

    protected Membership() {
        // for Axon
    }

    Membership(String membershipId, String userId, String clientId, Kind kind, List<String> groupIds) {
        apply(new MembershipStarted(membershipId, userId, clientId, kind, List.copyOf(groupIds)));
    }

    public boolean isIn(String groupId) {
        return groupIds.contains(groupId);
    }

    /** Joining a group the member is in already changes nothing. */
    void join(String groupId) {
        if (!groupIds.contains(groupId)) {
            apply(new GroupJoined(membershipId, userId, clientId, groupId));
        }
    }

    void leave(String groupId) {
        if (!groupIds.contains(groupId)) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, "not-a-group-member",
                    "The user is not a member of this group.");
        }
        apply(new GroupLeft(membershipId, userId, clientId, groupId));
    }

    /** Only a guest membership ends; the main client is where the user lives. */
    void end(Reason reason) {
        if (kind == Kind.MAIN) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "main-client",
                    "The main client cannot be left; it is where the account lives.");
        }
        if (!ended) {
            apply(new ClientLeft(membershipId, userId, clientId, reason));
        }
    }

    @EventSourcingHandler
    void on(MembershipStarted event) {
        membershipId = event.membershipId();
        userId = event.userId();
        clientId = event.clientId();
        kind = event.kind();
        groupIds.addAll(event.groupIds());
    }

    @EventSourcingHandler
    void on(GroupJoined event) {
        groupIds.add(event.groupId());
    }

    @EventSourcingHandler
    void on(GroupLeft event) {
        groupIds.remove(event.groupId());
    }

    @EventSourcingHandler
    void on(ClientLeft event) {
        ended = true;
        groupIds.clear();
    }
}
