package dev.attest.identity.user;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.credentials.PasswordPrechecks;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactor;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.List;

public final class UserCommands {

    private UserCommands() {
    }

    /** {@code externalProvider}: the user signs in with that provider and never has a password; null: a password. */
    public record CreateUser(@TargetAggregateIdentifier String userId, String mainClientId, String email,
                             String firstName, String lastName, String locale, List<String> groupIds,
                             String externalProvider) {
    }

    /**
     * Changes what is given of names and language (null: unchanged). With {@code expectedVersion} the
     * change applies only to the profile at that version ({@code If-Match}); null applies it to any.
     */
    public record ChangePersonalData(@TargetAggregateIdentifier String userId, String firstName, String lastName,
                                     String locale, Long expectedVersion) {
    }

    /** {@code by} is who asks: nobody disables themselves. */
    public record DisableUser(@TargetAggregateIdentifier String userId, String by) {
    }

    public record EnableUser(@TargetAggregateIdentifier String userId) {
    }

    /** The platform operator: no client, password given by configuration. */
    public record CreateOperator(@TargetAggregateIdentifier String userId, String email, Secret password) {
    }

    /** The provider vouched for this user's (issuer, subject); answers the one-time code's secret. */
    public record SignInExternally(@TargetAggregateIdentifier String userId, String provider, String issuer,
                                   String subject, boolean foundByEmail, boolean mfaAsserted) {
    }

    /**
     * The frontend's one-time code of an external sign-in; answers a {@link LoginStep}: tokens, or a challenge
     * {@code challengeId} when the client requires a second factor the provider did not assert.
     */
    public record ExchangeExternalSignInCode(@TargetAggregateIdentifier String userId, Secret code, String challengeId) {
    }

    /**
     * First step of a login; answers with a {@link LoginStep}. {@code precheck}: the password checked before
     * the command, outside the user's lock (null: the handler checks it).
     */
    public record LogIn(@TargetAggregateIdentifier String userId, Secret password, String challengeId,
                        PasswordPrechecks.Precheck precheck) {

        public LogIn(String userId, Secret password, String challengeId) {
            this(userId, password, challengeId, null);
        }
    }

    /**
     * Second step of a login, with a code or a recovery code; answers with a {@link SecondFactorResult}.
     * {@code setupId} names the authenticator set-up opened if the client requires an app the user lacks.
     */
    public record VerifySecondFactor(@TargetAggregateIdentifier String userId, String challengeId, Secret code,
                                     Secret recoveryCode, String setupId) {
    }

    /** The last step of a login its client stopped for an authenticator app; answers a {@link LoginSetupCompleted}. */
    public record ConfirmTotpAtLogin(@TargetAggregateIdentifier String userId, String setupId, Secret code) {
    }

    public enum LoginOutcome { PASSWORD_REJECTED, SECOND_FACTOR_REQUIRED, AUTHENTICATED, THROTTLED, DISABLED }

    /**
     * What the password step came to: the method of the challenge that went out, or who logged in when no
     * second factor applies; {@code retryAfter} is how long a throttled caller must wait.
     */
    public record LoginStep(LoginOutcome outcome, Duration retryAfter, String method, String mainClientId,
                            boolean operator) {
        public static final LoginStep PASSWORD_REJECTED = of(LoginOutcome.PASSWORD_REJECTED);
        public static final LoginStep DISABLED = of(LoginOutcome.DISABLED);

        public static LoginStep throttled(Duration retryAfter) {
            return new LoginStep(LoginOutcome.THROTTLED, retryAfter, null, null, false);
        }

        public static LoginStep challenged(String method) {
            return new LoginStep(LoginOutcome.SECOND_FACTOR_REQUIRED, Duration.ZERO, method, null, false);
        }

        public static LoginStep authenticated(String mainClientId, boolean operator) {
            return new LoginStep(LoginOutcome.AUTHENTICATED, Duration.ZERO, null, mainClientId, operator);
        }

        private static LoginStep of(LoginOutcome outcome) {
            return new LoginStep(outcome, Duration.ZERO, null, null, false);
        }
    }

    /**
     * {@link dev.attest.identity.secondfactor.SecondFactor.Outcome}, THROTTLED or DISABLED before any check,
     * SETUP_REQUIRED after a passed check when the client requires an app the user lacks.
     */
    public enum SecondFactorOutcome { PASSED, WRONG_CODE, EXHAUSTED, UNKNOWN_OR_EXPIRED, THROTTLED, DISABLED,
        SETUP_REQUIRED }

    /** The outcome and, once passed, who logged in: their main client (none for the operator). */
    public record SecondFactorResult(SecondFactorOutcome outcome, String mainClientId, boolean operator,
                                     Duration retryAfter, SecondFactor.StartedSetup setup) {

        public static SecondFactorResult throttled(Duration retryAfter) {
            return new SecondFactorResult(SecondFactorOutcome.THROTTLED, null, false, retryAfter, null);
        }

        public static SecondFactorResult of(SecondFactorOutcome outcome) {
            return new SecondFactorResult(outcome, null, false, Duration.ZERO, null);
        }
    }

    public record LoginSetupCompleted(OneTimeSecrets.RecoveryCodes recoveryCodes, String mainClientId,
                                      boolean operator) {
    }
}
