package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The user chose a password. The hash stays inside identity-service. */
public record PasswordSet(EventContext context, String userId) implements IntegrationEvent {
}
