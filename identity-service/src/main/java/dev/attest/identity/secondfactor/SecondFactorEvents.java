package dev.attest.identity.secondfactor;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Events of a user's second factor (stored in the user's stream). Until this package existed they were
 * {@code dev.attest.identity.user.UserEvents}; stored events of that name are read as these
 * ({@link dev.attest.identity.user.MovedEvents}).
 */
public final class SecondFactorEvents {

    private SecondFactorEvents() {
    }

    /**
     * The password was right; a code went out. A new challenge replaces an open one. {@code mailSecretId}
     * names the encrypted code held for notification-service; revision 1 held the ciphertext itself
     * ({@link SecondFactorEventUpcasters}).
     */
    @Revision("2")
    public record SecondFactorChallengeIssued(String userId, String mainClientId, String challengeId,
                                              String email, String locale, String codeHash,
                                              String mailSecretId, Instant expiresAt) {
    }

    @Revision("1")
    public record SecondFactorCodeRejected(String userId, String mainClientId, String challengeId,
                                           int attemptsLeft) {
    }

    @Revision("1")
    public record SecondFactorPassed(String userId, String mainClientId, String challengeId, String method) {
    }
}
