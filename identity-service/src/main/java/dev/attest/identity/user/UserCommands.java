package dev.attest.identity.user;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.util.List;

public final class UserCommands {

    private UserCommands() {
    }

    public record CreateUser(@TargetAggregateIdentifier String userId, String mainClientId, String email,
                             String firstName, String lastName, String locale, List<String> groupIds) {
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

    /** First step of a login; answers with a {@link LoginStep}. */
    public record LogIn(@TargetAggregateIdentifier String userId, Secret password, String challengeId) {
    }

    /** Second step of a login; answers with a {@link SecondFactorResult}. */
    public record VerifySecondFactor(@TargetAggregateIdentifier String userId, String challengeId, Secret code) {
    }

    public enum LoginOutcome { PASSWORD_REJECTED, SECOND_FACTOR_REQUIRED, THROTTLED, DISABLED }

    /** What the password step came to; {@code retryAfter} is how long a throttled caller must wait. */
    public record LoginStep(LoginOutcome outcome, Duration retryAfter) {
        public static final LoginStep PASSWORD_REJECTED = new LoginStep(LoginOutcome.PASSWORD_REJECTED, Duration.ZERO);
        public static final LoginStep SECOND_FACTOR_REQUIRED =
                new LoginStep(LoginOutcome.SECOND_FACTOR_REQUIRED, Duration.ZERO);
        public static final LoginStep DISABLED = new LoginStep(LoginOutcome.DISABLED, Duration.ZERO);

        public static LoginStep throttled(Duration retryAfter) {
            return new LoginStep(LoginOutcome.THROTTLED, retryAfter);
        }
    }

    /** {@link dev.attest.identity.secondfactor.SecondFactor.Outcome}, or THROTTLED before any check. */
    public enum SecondFactorOutcome { PASSED, WRONG_CODE, EXHAUSTED, UNKNOWN_OR_EXPIRED, THROTTLED, DISABLED }

    /** The outcome and, once passed, who logged in: their main client (none for the operator). */
    public record SecondFactorResult(SecondFactorOutcome outcome, String mainClientId, boolean operator,
                                     Duration retryAfter) {

        public static SecondFactorResult throttled(Duration retryAfter) {
            return new SecondFactorResult(SecondFactorOutcome.THROTTLED, null, false, retryAfter);
        }
    }
}
