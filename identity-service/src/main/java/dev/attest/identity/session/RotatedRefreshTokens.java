package dev.attest.identity.session;

import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The hashes of refresh tokens rotated away, one row each, in the event store's database and written in the
 * rotation's transaction. A {@link Session} asks here only when a token it does not hold live comes back, so a
 * refresh costs the same on a session's last day as on its first (the session used to keep them all, and read
 * them all back on every refresh). A row goes once its session has expired: its token is refused then anyway.
 * Instants are epoch milliseconds: no time zone of the database or the JVM can move the reuse grace.
 */
@Component
public class RotatedRefreshTokens {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RotatedRefreshTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        jdbc.execute("create table if not exists rotated_refresh_tokens (token_hash varchar(64) primary key, "
                + "session_id varchar(64) not null, rotated_at_ms bigint not null, "
                + "session_expires_at_ms bigint not null)");
        jdbc.execute("create index if not exists rotated_refresh_tokens_expiry "
                + "on rotated_refresh_tokens (session_expires_at_ms)");
    }

    /**
     * {@code tokenHash}, live in {@code sessionId} until now, was rotated away at {@code at}. Filed already, it was
     * rotated by a request on another instance at the same time: that one won, as when both append an event.
     */
    void file(String tokenHash, String sessionId, Instant at, Instant sessionExpiresAt) {
        try {
            jdbc.update("insert into rotated_refresh_tokens (token_hash, session_id, rotated_at_ms, "
                            + "session_expires_at_ms) values (?, ?, ?, ?)", tokenHash, sessionId, at.toEpochMilli(),
                    sessionExpiresAt.toEpochMilli());
        } catch (DuplicateKeyException rotatedMeanwhile) {
            throw new ConcurrencyException("A refresh token of session " + sessionId
                    + " was rotated by another request at the same time");
        }
    }

    /** When {@code tokenHash} was rotated away in {@code sessionId}; empty if it never was there. */
    Optional<Instant> rotatedAt(String sessionId, String tokenHash) {
        List<Long> at = jdbc.queryForList("select rotated_at_ms from rotated_refresh_tokens "
                + "where token_hash = ? and session_id = ?", Long.class, tokenHash, sessionId);
        return at.stream().findFirst().map(Instant::ofEpochMilli);
    }

    /** Drops the rows of sessions that have expired; answers how many. */
    @Scheduled(fixedDelayString = "PT1H")
    public int forgetExpired() {
        return jdbc.update("delete from rotated_refresh_tokens where session_expires_at_ms < ?",
                clock.instant().toEpochMilli());
    }
}
