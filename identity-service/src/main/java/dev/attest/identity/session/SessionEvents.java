package dev.attest.identity.session;

import org.axonframework.serialization.Revision;

import java.time.Instant;

public final class SessionEvents {

    private SessionEvents() {
    }

    @Revision("1")
    public record SessionStarted(String sessionId, String userId, String clientId, String membershipKind,
                                 boolean operator, String refreshTokenHash, Instant expiresAt) {
    }

    @Revision("1")
    public record RefreshTokenRotated(String sessionId, String userId, String refreshTokenHash) {
    }

    /**
     * {@code reason}: LOGOUT; REFRESH_TOKEN_REUSED when a rotated-away token came back (stolen copy);
     * USER_DISABLED when the user was disabled; PASSWORD_CHANGED when the password was changed or reset after
     * the session started (from another session).
     */
    @Revision("1")
    public record SessionEnded(String sessionId, String userId, String reason) {
    }
}
