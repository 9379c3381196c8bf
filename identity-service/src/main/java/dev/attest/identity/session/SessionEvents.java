package dev.attest.identity.session;

import org.axonframework.serialization.Revision;

import java.time.Instant;

public final class SessionEvents {

    private SessionEvents() {
    }

    /** {@code userAgent} and {@code ipAddress}: where the login came from, as far as known (null before they were kept). */
    @Revision("1")
    public record SessionStarted(String sessionId, String userId, String clientId, String membershipKind,
                                 boolean operator, String refreshTokenHash, Instant expiresAt, String userAgent,
                                 String ipAddress) {
    }

    /**
     * {@code replacedHash} is the token presented, which is rotated away (null in events from before two
     * live tokens could exist: then the one live token). {@code replacedHashFiled}: the rotated-away hash is in
     * {@link RotatedRefreshTokens} (false in events from before that table: the session remembers it).
     */
    @Revision("1")
    public record RefreshTokenRotated(String sessionId, String userId, String refreshTokenHash, String replacedHash,
                                      boolean replacedHashFiled) {
    }

    /**
     * {@code reason}: LOGOUT; ENDED_BY_USER when the user ended it from their list of sessions; CLIENT_SWITCHED
     * when the user moved to another client (a new session);
     * REFRESH_TOKEN_REUSED when a rotated-away token came back after the grace (stolen copy);
     * USER_DISABLED when the user was disabled; PASSWORD_CHANGED when the password was changed or reset after
     * the session started (from another session).
     */
    @Revision("1")
    public record SessionEnded(String sessionId, String userId, String reason) {
    }
}
