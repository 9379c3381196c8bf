package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * A login succeeded: {@code method} PASSWORD or EXTERNAL (through {@code provider}); {@code secondFactor} names
 * how the second step was passed (EMAIL, TOTP, RECOVERY_CODE), PROVIDER when the external provider asserted
 * one, NONE when no second factor applies.
 */
public record LoginSucceeded(EventContext context, String userId, String secondFactor, String method,
                             String provider) implements IntegrationEvent {
}
