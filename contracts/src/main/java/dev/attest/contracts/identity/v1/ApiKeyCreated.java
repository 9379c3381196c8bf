package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/** The user created a named API key, valid until {@code expiresAt} (null: until revoked). Never its secret. */
public record ApiKeyCreated(EventContext context, String userId, String keyId, String name, Instant expiresAt)
        implements IntegrationEvent {
}
