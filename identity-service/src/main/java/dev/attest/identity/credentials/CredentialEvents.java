package dev.attest.identity.credentials;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Events of a user's credentials (stored in the user's stream). Until this package existed they were
 * {@code dev.attest.identity.user.UserEvents}; stored events of that name are read as these
 * ({@link dev.attest.identity.user.MovedEvents}).
 */
public final class CredentialEvents {

    private CredentialEvents() {
    }

    /**
     * {@code mailSecretId} names the encrypted token held for notification-service in
     * {@link dev.attest.kit.eventstore.PendingSecrets} until it is handed on; revision 1 held the
     * ciphertext itself ({@link CredentialEventUpcasters}).
     */
    @Revision("2")
    public record PasswordSetupLinkIssued(String userId, String mainClientId, String email, String firstName,
                                          String locale, String tokenHash, String mailSecretId,
                                          Instant expiresAt) {
    }

    /** {@code passwordHash} is Argon2id; it never leaves identity-service. */
    @Revision("1")
    public record PasswordSet(String userId, String mainClientId, String passwordHash) {
    }
}
