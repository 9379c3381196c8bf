package dev.attest.identity.apiaccess;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public final class ApiAccessCommands {

    private ApiAccessCommands() {
    }

    /** Issued by an administrator of the user's main client ({@code clientId} is the administrator's). */
    public record SetApiAccess(@TargetAggregateIdentifier String userId, String clientId, boolean enabled) {
    }

    public record CreateApiKey(@TargetAggregateIdentifier String userId, String keyId, String name,
                               Instant expiresAt) {
    }

    /** {@code clientId}: the administrator's active client, or null when the user revokes their own key. */
    public record RevokeApiKey(@TargetAggregateIdentifier String userId, String clientId, String keyId) {
    }

    public record IssueApiToken(@TargetAggregateIdentifier String userId, String keyId, Secret presented) {
    }
}
