package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The old address undid a change: {@code email} is the user's login again; every session ended and the password must be set anew. */
public record EmailChangeReverted(EventContext context, String userId, String email) implements IntegrationEvent {
}
