package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * The user's API access ended: every API key of theirs is revoked with it, and API tokens issued before are
 * refused from now on.
 */
public record ApiAccessRevoked(EventContext context, String userId) implements IntegrationEvent {
}
