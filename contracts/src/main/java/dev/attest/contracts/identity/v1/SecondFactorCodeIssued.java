package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * A login passed the password and waits for the e-mailed code. {@code encryptedCode} is a JWE only
 * notification-service can open.
 */
public record SecondFactorCodeIssued(EventContext context, String userId, String email, String locale,
                                     String challengeId, String encryptedCode, Instant expiresAt)
        implements IntegrationEvent {
}
