package dev.attest.identity.secondfactor;

import dev.attest.identity.crypto.Secret;
import dev.attest.identity.user.UserCommands.SecondFactorOutcome;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/**
 * A user's own second-factor settings. Changes that weaken or replace the factor carry a
 * {@link Reauthentication}: the token of a re-authentication in the caller's session.
 */
public final class SecondFactorCommands {

    private SecondFactorCommands() {
    }

    public record Reauthentication(Secret token, String sessionId) {
    }

    /** The password again; answers a {@link ReauthenticationStep}. */
    public record StartReauthentication(@TargetAggregateIdentifier String userId, Secret password,
                                        String challengeId) {
    }

    /** A throttled attempt is refused (429) before any check, so it is not an outcome. */
    public enum ReauthenticationOutcome { CHALLENGED, WRONG_PASSWORD }

    public record ReauthenticationStep(ReauthenticationOutcome outcome, String method, Instant expiresAt) {
    }

    /** A code, or a recovery code in place of an app's code; answers a {@link ReauthenticationResult}. */
    public record CompleteReauthentication(@TargetAggregateIdentifier String userId, String challengeId, Secret code,
                                           Secret recoveryCode, String sessionId) {
    }

    public record ReauthenticationResult(SecondFactorOutcome outcome, Secret token, Instant expiresAt,
                                         Duration retryAfter) {
    }

    /** Switching on needs no re-authentication; switching off does. */
    public record SwitchTwoFactor(@TargetAggregateIdentifier String userId, boolean enabled,
                                  Reauthentication reauthentication) {
    }

    /** Answers a {@link SecondFactor.StartedSetup}. */
    public record StartTotpSetup(@TargetAggregateIdentifier String userId, String setupId,
                                 Reauthentication reauthentication) {
    }

    /** Answers the otpauth URI of the open set-up. */
    public record ShowTotpSetup(@TargetAggregateIdentifier String userId) {
    }

    /** Answers the new recovery codes. */
    public record ConfirmTotpSetup(@TargetAggregateIdentifier String userId, String setupId, Secret code) {
    }

    public record RemoveTotp(@TargetAggregateIdentifier String userId, Reauthentication reauthentication) {
    }

    /** Answers the new recovery codes. */
    public record RenewRecoveryCodes(@TargetAggregateIdentifier String userId, Reauthentication reauthentication) {
    }
}
