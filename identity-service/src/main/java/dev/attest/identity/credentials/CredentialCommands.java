package dev.attest.identity.credentials;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class CredentialCommands {

    private CredentialCommands() {
    }

    /** With the token of a set-up or reset link. */
    public record SetPassword(@TargetAggregateIdentifier String userId, Secret setupToken, Secret password) {
    }

    /** By the user, who proves the current password; {@code sessionId} is the session that stays. */
    public record ChangePassword(@TargetAggregateIdentifier String userId, Secret currentPassword,
                                 Secret newPassword, String sessionId) {
    }

    /** A forgotten password: mail a reset link, if the user may have one. */
    public record RequestPasswordReset(@TargetAggregateIdentifier String userId) {
    }
}
