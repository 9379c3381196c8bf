package dev.attest.membership.membership;

import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.group.GroupAdministration;
import dev.attest.membership.membership.MembershipCommands.EndMembership;
import dev.attest.membership.membership.MembershipCommands.JoinGroup;
import dev.attest.membership.membership.MembershipCommands.LeaveGroup;
import dev.attest.membership.roster.Roster;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/**
 * Joining and leaving groups and ending guest memberships. Each locks the client first, so the last
 * person who can manage its groups cannot leave at the same moment as the only other one.
 */
@Component
public class GroupMemberships {

    private final Repository<Membership> memberships;
    private final GroupAdministration groups;
    private final Roster roster;

    public GroupMemberships(Repository<Membership> memberships, GroupAdministration groups, Roster roster) {
        this.memberships = memberships;
        this.groups = groups;
        this.roster = roster;
    }

    @CommandHandler
    public void handle(JoinGroup command) {
        roster.lock(command.clientId());
        Roster.Member member = member(command.userId(), command.clientId());
        boolean joinable = groups.load(command.groupId()).invoke(group -> {
            group.requireIn(command.clientId());
            return group.joinable();
        });
        if (command.byThemselves() && !joinable) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "group-not-joinable",
                    "This group cannot be joined; a group manager can add you to it.");
        }
        memberships.load(member.membershipId()).execute(membership -> membership.join(command.groupId()));
    }

    @CommandHandler
    public void handle(LeaveGroup command) {
        roster.lock(command.clientId());
        Roster.Member member = member(command.userId(), command.clientId());
        groups.load(command.groupId()).execute(group -> group.requireIn(command.clientId()));
        roster.requireAGroupManagerRemains(command.clientId(), Map.of(), command.userId(), Set.of(command.groupId()));
        memberships.load(member.membershipId()).execute(membership -> membership.leave(command.groupId()));
    }

    @CommandHandler
    public void handle(EndMembership command) {
        roster.lock(command.clientId());
        Roster.Member member = member(command.userId(), command.clientId());
        if (!Kind.MAIN.name().equals(member.kind())) {
            roster.requireAGroupManagerRemains(command.clientId(), Map.of(), command.userId(), null);
        }
        memberships.load(member.membershipId()).execute(membership -> membership.end(command.reason()));
    }

    private Roster.Member member(String userId, String clientId) {
        return roster.membership(userId, clientId).orElseThrow(() -> new RuleViolation(
                RuleViolation.Kind.NOT_FOUND, "member-not-found", "There is no such member of this client."));
    }
}
