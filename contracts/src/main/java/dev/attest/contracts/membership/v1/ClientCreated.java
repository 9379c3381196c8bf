package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * A client (tenant) exists. identity-service creates {@code administrator} as a user whose main client
 * is this one, in {@code administratorGroupId}.
 */
public record ClientCreated(EventContext context, String clientId, String name, String administratorGroupId,
                            Administrator administrator) implements IntegrationEvent {

    public record Administrator(String email, String firstName, String lastName, String locale) {
    }
}
