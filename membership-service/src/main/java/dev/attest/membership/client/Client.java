package dev.attest.membership.client;

import dev.attest.contracts.Permission;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.client.ClientEvents.ClientCreated;
import dev.attest.membership.client.ClientEvents.UserGroupCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A client (tenant): its name and its user groups with the permissions they grant. */
@Aggregate
public class Client {

    static final String ADMINISTRATORS = "Administrators";

    @AggregateIdentifier
    private String clientId;
    private final Set<String> groupIds = new HashSet<>();

    protected Client() {
        // for Axon
    }

    /** A new client starts with one group that holds every permission; its first administrator joins it. */
    @CommandHandler
    public Client(CreateClient command) {
        apply(new ClientCreated(command.clientId(), command.name().strip(), command.administratorGroupId(),
                command.administrator()));
        apply(new UserGroupCreated(command.clientId(), command.administratorGroupId(), ADMINISTRATORS,
                EnumSet.allOf(Permission.class)));
    }

    /** Whether every one of {@code candidates} is a group of this client. */
    public boolean hasGroups(List<String> candidates) {
        return groupIds.containsAll(candidates);
    }

    @EventSourcingHandler
    void on(ClientCreated event) {
        clientId = event.clientId();
    }

    @EventSourcingHandler
    void on(UserGroupCreated event) {
        groupIds.add(event.groupId());
    }
}
