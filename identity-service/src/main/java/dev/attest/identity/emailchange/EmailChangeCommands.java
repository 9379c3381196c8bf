package dev.attest.identity.emailchange;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The steps of a user's own e-mail change; each answers or refuses with a problem. */
public final class EmailChangeCommands {

    private EmailChangeCommands() {
    }

    public record RequestEmailChange(@TargetAggregateIdentifier String userId, String newEmail) {
    }

    public record ConfirmEmailChange(@TargetAggregateIdentifier String userId, Secret code) {
    }

    public record VerifyEmailChange(@TargetAggregateIdentifier String userId, Secret code) {
    }

    public record CancelEmailChange(@TargetAggregateIdentifier String userId) {
    }

    public record RevertEmailChange(@TargetAggregateIdentifier String userId, Secret token) {
    }

    /** Whether a code was right; a wrong one is stored (attempts count), so it is answered, not thrown. */
    public enum CodeOutcome { ACCEPTED, WRONG_CODE }
}
