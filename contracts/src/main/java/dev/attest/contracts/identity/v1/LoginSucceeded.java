package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * A login's second step was passed; {@code secondFactor} names how (EMAIL, TOTP, RECOVERY_CODE), NONE when no
 * second factor applies to the user.
 */
public record LoginSucceeded(EventContext context, String userId, String secondFactor) implements IntegrationEvent {
}
