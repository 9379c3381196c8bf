package dev.attest.identity.user;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public final class UserCommands {

    private UserCommands() {
    }

    public record CreateUser(@TargetAggregateIdentifier String userId, String mainClientId, String email,
                             String firstName, String lastName, String locale, List<String> groupIds) {
    }

    /** The platform operator: no client, password given by configuration. */
    public record CreateOperator(@TargetAggregateIdentifier String userId, String email, Secret password) {
    }

    public record SetPassword(@TargetAggregateIdentifier String userId, Secret setupToken, Secret password) {
    }

    /** First step of a login; answers with a {@link LoginStep}. */
    public record LogIn(@TargetAggregateIdentifier String userId, Secret password, String challengeId) {
    }

    /** Second step of a login; answers with a {@link SecondFactorResult}. */
    public record VerifySecondFactor(@TargetAggregateIdentifier String userId, String challengeId, Secret code) {
    }

    public enum LoginStep { PASSWORD_REJECTED, SECOND_FACTOR_REQUIRED }

    public enum SecondFactorOutcome { PASSED, WRONG_CODE, EXHAUSTED, UNKNOWN_OR_EXPIRED }

    /** The outcome and, once passed, who logged in: their main client (none for the operator). */
    public record SecondFactorResult(SecondFactorOutcome outcome, String mainClientId, boolean operator) {
    }
}
