package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The user may create API keys and obtain API tokens for their main client from now on. */
public record ApiAccessGranted(EventContext context, String userId) implements IntegrationEvent {
}
