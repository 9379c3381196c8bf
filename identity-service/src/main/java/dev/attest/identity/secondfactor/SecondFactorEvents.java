package dev.attest.identity.secondfactor;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * Events of a user's second factor (stored in the user's stream). Until this package existed they were
 * {@code dev.attest.identity.user.UserEvents}; stored events of that name are read as these
 * ({@link dev.attest.identity.user.MovedEvents}). Fields added later are null in events stored before them,
 * which is said where it matters. No event holds a code, a recovery code or a TOTP secret in clear.
 */
public final class SecondFactorEvents {

    private SecondFactorEvents() {
    }

    /**
     * A challenge for a login or a re-authentication ({@code purpose}; null: LOGIN) opened; it replaces an
     * open one of the same purpose. With {@code method} EMAIL (null: EMAIL) a code went out:
     * {@code mailSecretId} names the encrypted code held for notification-service; revision 1 held the
     * ciphertext itself ({@link SecondFactorEventUpcasters}). With TOTP nothing is sent.
     */
    @Revision("2")
    public record SecondFactorChallengeIssued(String userId, String mainClientId, String challengeId,
                                              String email, String locale, String codeHash,
                                              String mailSecretId, Instant expiresAt, String method, String purpose) {

        public String methodUsed() {
            return method == null ? SecondFactor.EMAIL : method;
        }

        public String purposeOf() {
            return purpose == null ? SecondFactor.LOGIN : purpose;
        }
    }

    @Revision("1")
    public record SecondFactorCodeRejected(String userId, String mainClientId, String challengeId,
                                           int attemptsLeft) {
    }

    /**
     * The challenge was met with {@code method} (EMAIL, TOTP or RECOVERY_CODE); {@code totpStep} is the time
     * step of an accepted app code, which no later code may repeat; {@code purpose} null: LOGIN.
     */
    @Revision("1")
    public record SecondFactorPassed(String userId, String mainClientId, String challengeId, String method,
                                     Long totpStep, String purpose) {

        public String purposeOf() {
            return purpose == null ? SecondFactor.LOGIN : purpose;
        }
    }

    /** The user proved it again; the token that says so (kept as a hash) works in one session for minutes. */
    @Revision("1")
    public record ReauthenticationGranted(String userId, String mainClientId, String tokenHash, String sessionId,
                                          Instant expiresAt) {
    }

    /** Second factors on (e-mail codes) or off (and an authenticator app with its recovery codes gone). */
    @Revision("1")
    public record TwoFactorSwitched(String userId, String mainClientId, boolean enabled) {
    }

    /**
     * A new authenticator secret, encrypted ({@link dev.attest.identity.crypto.SecretBox}), waits for a
     * code from the app; {@code duringLogin}: a login that a client's policy stopped for it.
     */
    @Revision("1")
    public record TotpSetupStarted(String userId, String mainClientId, String setupId, String keyId,
                                   String encryptedSecret, Instant expiresAt, boolean duringLogin) {
    }

    /** The app showed a right code: it is the method now, with ten new recovery codes (hashes). */
    @Revision("1")
    public record TotpConfigured(String userId, String mainClientId, String setupId, long acceptedStep,
                                 List<String> recoveryCodeHashes) {
    }

    /** Back to e-mail codes; the app's secret and the recovery codes are gone. */
    @Revision("1")
    public record TotpRemoved(String userId, String mainClientId) {
    }

    /** The secret encrypted again under the current key (key rotation), on its next use. */
    @Revision("1")
    public record TotpSecretResealed(String userId, String mainClientId, String keyId, String encryptedSecret) {
    }

    @Revision("1")
    public record RecoveryCodeUsed(String userId, String mainClientId, String challengeId, String codeHash,
                                   int recoveryCodesLeft) {
    }

    @Revision("1")
    public record RecoveryCodesRenewed(String userId, String mainClientId, List<String> recoveryCodeHashes) {
    }
}
