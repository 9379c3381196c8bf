package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** An API key was revoked (by its user or an administrator: the actor); API tokens it obtained are refused. */
public record ApiKeyRevoked(EventContext context, String userId, String keyId) implements IntegrationEvent {
}
