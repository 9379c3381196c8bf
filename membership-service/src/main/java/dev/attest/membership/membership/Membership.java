package dev.attest.membership.membership;

import dev.attest.membership.membership.MembershipEvents.MembershipStarted;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One user's belonging to one client, as MAIN (home client) or GUEST, with its groups there. */
@Aggregate
public class Membership {

    @AggregateIdentifier
    private String membershipId;

    protected Membership() {
        // for Axon
    }

    Membership(String membershipId, String userId, String clientId,
               dev.attest.contracts.membership.v1.MembershipStarted.Kind kind, List<String> groupIds) {
        apply(new MembershipStarted(membershipId, userId, clientId, kind, List.copyOf(groupIds)));
    }

    @EventSourcingHandler
    void on(MembershipStarted event) {
        membershipId = event.membershipId();
    }
}
