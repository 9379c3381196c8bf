package dev.attest.identity.session;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class SessionCommands {

    private SessionCommands() {
    }

    /** Starts a login session in a client; {@code refreshTokenHash} is the hash of the first refresh token. */
    public record StartSession(@TargetAggregateIdentifier String sessionId, String userId, String clientId,
                               String membershipKind, boolean operator, String refreshTokenHash) {
    }

    /** Answers with the {@link SessionFacts} for the new access token. */
    public record RotateRefreshToken(@TargetAggregateIdentifier String sessionId, Secret presented,
                                     String nextRefreshTokenHash) {
    }

    public record EndSession(@TargetAggregateIdentifier String sessionId, Secret presented) {
    }

    /** What an access token minted from this session says. */
    public record SessionFacts(String userId, String clientId, String membershipKind, boolean operator) {
    }
}
