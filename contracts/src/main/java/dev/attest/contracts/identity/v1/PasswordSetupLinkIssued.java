package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * A single-use set-password link was issued (the welcome mail). {@code encryptedToken} is a JWE
 * only notification-service can open; identity-service keeps a hash of the token.
 */
public record PasswordSetupLinkIssued(EventContext context, String userId, String email, String firstName,
                                      String locale, String encryptedToken, Instant expiresAt)
        implements IntegrationEvent {
}
