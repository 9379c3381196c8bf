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

    /**
     * A forgotten password: a link that sets a new one, for an hour; it replaces any open link. As for
     * {@link PasswordSetupLinkIssued}, the token is held encrypted outside the event until it is mailed.
     */
    @Revision("1")
    public record PasswordResetLinkIssued(String userId, String mainClientId, String email, String firstName,
                                          String locale, String tokenHash, String mailSecretId,
                                          Instant expiresAt) {
    }

    /**
     * A password replaced another: {@code reason} CHANGED (by the user, knowing the old one) or RESET
     * (through a reset link). Every session but {@code keptSessionId} (the changer's; none after a reset)
     * ends at its next refresh.
     */
    @Revision("1")
    public record PasswordChanged(String userId, String mainClientId, String passwordHash, String reason,
                                  String keptSessionId) {
    }

    /** Someone asked for a forgotten password of a user who signs in with {@code provider}: no link, a reminder. */
    @Revision("1")
    public record SignInWithProviderReminded(String userId, String mainClientId, String email, String firstName,
                                             String locale, String provider) {
    }

    /**
     * The user signs in through an external provider and so has no password, now or later (the seed's
     * rule): an administrator created them so. {@code email}, {@code firstName} and {@code locale} address
     * the welcome notice (null in events from before it was sent).
     */
    @Revision("1")
    public record ExternalSignInLinked(String userId, String mainClientId, String provider, String email,
                                       String firstName, String locale) {
    }

    /** The user's first sign-in at the provider bound them to its (issuer, subject), for good. */
    @Revision("1")
    public record ExternalIdentityLinked(String userId, String mainClientId, String provider, String issuer,
                                         String subject) {
    }

    /**
     * The provider vouched for the user; a one-time code (kept as a hash, 60 seconds) goes to the frontend,
     * which exchanges it for tokens. {@code mfaAsserted}: the ID token said a second factor was used.
     */
    @Revision("1")
    public record ExternalSignInCodeIssued(String userId, String mainClientId, String provider, String codeHash,
                                           Instant expiresAt, boolean mfaAsserted) {
    }

    /**
     * The one-time code of an external sign-in gave tokens without Attest's own second factor:
     * {@code mfaAsserted} says whether the provider asserted one.
     */
    @Revision("1")
    public record LoggedInExternally(String userId, String mainClientId, String provider, boolean mfaAsserted) {
    }

    /** The one-time code was exchanged: the login is Attest's now (a second factor of its own may follow). */
    @Revision("1")
    public record ExternalSignInCodeUsed(String userId, String mainClientId, String provider, boolean mfaAsserted) {
    }
}
