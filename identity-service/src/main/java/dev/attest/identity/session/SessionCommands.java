package dev.attest.identity.session;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class SessionCommands {

    private SessionCommands() {
    }

    /** Starts a login session in a client; {@code refreshTokenHash} is the hash of the first refresh token. */
    public record StartSession(@TargetAggregateIdentifier String sessionId, String userId, String clientId,
                               String membershipKind, boolean operator, String refreshTokenHash,
                               SessionOrigin origin) {
    }

    /** Answers with the {@link SessionFacts} for the new access token. */
    public record RotateRefreshToken(@TargetAggregateIdentifier String sessionId, Secret presented,
                                     String nextRefreshTokenHash) {
    }

    public record EndSession(@TargetAggregateIdentifier String sessionId, Secret presented) {
    }

    /**
     * The user ends one of their sessions ({@code reason} ENDED_BY_USER from the list, CLIENT_SWITCHED when it
     * gave way to one in another client); {@code userId} must be its user.
     */
    public record EndSessionOfUser(@TargetAggregateIdentifier String sessionId, String userId, String reason) {
    }

    /** What an access token minted from this session says. */
    public record SessionFacts(String userId, String clientId, String membershipKind, boolean operator) {
    }
}
