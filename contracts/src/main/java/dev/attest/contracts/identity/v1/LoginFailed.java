package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** A login attempt on an existing user failed; {@code reason} is WRONG_PASSWORD, WRONG_CODE or CHALLENGE_EXHAUSTED. */
public record LoginFailed(EventContext context, String userId, String reason, String method) implements IntegrationEvent {
}
