package dev.attest.identity.user;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Domain events of the user aggregate: internal, stored, mapped to contract events by the publisher. */
public final class UserEvents {

    private UserEvents() {
    }

    @Revision("1")
    public record UserCreated(String userId, String mainClientId, String email, String firstName, String lastName,
                              String locale, List<String> groupIds, boolean operator) {
    }

    /**
     * {@code mailSecretId} names the encrypted token held for notification-service in
     * {@link dev.attest.kit.eventstore.PendingSecrets} until it is handed on; revision 1 held the
     * ciphertext itself ({@link UserEventUpcasters}).
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

    @Revision("1")
    public record LoginFailed(String userId, String mainClientId, String reason) {
    }

    /**
     * The password was right; a code went out. A new challenge replaces an open one. {@code mailSecretId}
     * as for {@link PasswordSetupLinkIssued}.
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

    /**
     * A new client named an administrator whose address another user has; no user was created. Not an
     * event of any user, so it is stored on its own (its aggregate id is its event id).
     */
    @Revision("1")
    public record AdministratorRejected(String clientId, String email, String reason) {
    }
}
