package dev.attest.membership.client;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class ClientCommands {

    private ClientCommands() {
    }

    public record CreateClient(@TargetAggregateIdentifier String clientId, String name, String administratorGroupId,
                               Administrator administrator) {
    }

    /** The first administrator, whom identity-service creates as a user of the new client. */
    public record Administrator(String email, String firstName, String lastName, String locale) {
    }
}
