package dev.attest.membership.client;

import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.client.ClientEvents.ClientCreated;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A client (tenant) and its name. Its groups are aggregates of their own ({@code UserGroup}). */
@Aggregate
public class Client {

    static final String ADMINISTRATORS = "Administrators";

    @AggregateIdentifier
    private String clientId;

    protected Client() {
        // for Axon
    }

    Client(CreateClient command) {
        apply(new ClientCreated(command.clientId(), command.name().strip(), command.administratorGroupId(),
                command.administrator()));
    }

    @EventSourcingHandler
    void on(ClientCreated event) {
        clientId = event.clientId();
    }
}
