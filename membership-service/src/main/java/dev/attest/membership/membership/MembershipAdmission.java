package dev.attest.membership.membership;

import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.client.Client;
import dev.attest.membership.group.UserGroup;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * The rule for starting a membership: the client exists and every group named is one of its groups.
 * Checked against the event-sourced client and groups themselves, not a read model that might lag.
 */
@Component
public class MembershipAdmission {

    private final Repository<Client> clients;
    private final Repository<UserGroup> groups;
    private final Repository<Membership> memberships;

    public MembershipAdmission(Repository<Client> clients, Repository<UserGroup> groups,
                               Repository<Membership> memberships) {
        this.clients = clients;
        this.groups = groups;
        this.memberships = memberships;
    }

    @CommandHandler
    public void handle(StartMembership command) throws Exception {
        clients.load(command.clientId());
        for (String groupId : command.groupIds()) {
            if (!belongsTo(groupId, command.clientId())) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, "unknown-group",
                        "Not every group named belongs to client " + command.clientId() + ".");
            }
        }
        memberships.newInstance(() -> new Membership(command.membershipId(), command.userId(), command.clientId(),
                command.kind(), command.groupIds()));
    }

    private boolean belongsTo(String groupId, String clientId) {
        try {
            return groups.load(groupId).invoke(group -> group.isIn(clientId));
        } catch (AggregateNotFoundException unknown) {
            return false;
        }
    }
}
