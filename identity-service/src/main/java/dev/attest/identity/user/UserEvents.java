package dev.attest.identity.user;

import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * Domain events of the user aggregate's root: internal, stored, mapped to contract events by the
 * publisher. The parts of a user have their own: {@link dev.attest.identity.credentials.CredentialEvents},
 * {@link dev.attest.identity.secondfactor.SecondFactorEvents}.
 */
public final class UserEvents {

    private UserEvents() {
    }

    @Revision("1")
    public record UserCreated(String userId, String mainClientId, String email, String firstName, String lastName,
                              String locale, List<String> groupIds, boolean operator) {
    }

    /** The user's names or language changed; the event carries all three as they are now. */
    @Revision("1")
    public record PersonalDataChanged(String userId, String mainClientId, String firstName, String lastName,
                                      String locale) {
    }

    /** The user may not log in, refresh a session or use an access token until {@link UserEnabled}. */
    @Revision("1")
    public record UserDisabled(String userId, String mainClientId) {
    }

    @Revision("1")
    public record UserEnabled(String userId, String mainClientId) {
    }

    /** A login's password step failed; it counts towards the account's {@link FailureStreak}. */
    @Revision("1")
    public record LoginFailed(String userId, String mainClientId, String reason) {
    }

    /**
     * A new client named an administrator whose address another user has; no user was created. Not an
     * event of any user, so it is stored on its own (its aggregate id is its event id).
     */
    @Revision("1")
    public record AdministratorRejected(String clientId, String email, String reason) {
    }

    /** The password was right and no second factor applies (switched off, not required by the client). */
    @Revision("1")
    public record LoggedInWithoutSecondFactor(String userId, String mainClientId) {
    }
}
