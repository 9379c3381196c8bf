package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** A login completed; {@code secondFactor} names the method used (EMAIL, TOTP). */
public record LoginSucceeded(EventContext context, String userId, String secondFactor) implements IntegrationEvent {
}
