package dev.attest.kit.eventstore;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encrypted secrets on their way to a mailbox, kept outside the event store so they can be destroyed:
 * a row is written in the transaction of the command that made the secret (the event names only the
 * row's id), read by the one handler that passes it on, and deleted once passed on or given up (expired
 * rows also when the next secret is held). After that nothing stored can open the secret
 * (docs/decisions/0006).
 */
public class PendingSecrets {

    static final long SWEEP_INTERVAL_MILLIS = 60_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE / 2);

    public PendingSecrets(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        jdbc.execute("create table if not exists pending_secret (id varchar(64) primary key, "
                + "encrypted varchar(4000) not null, expires_at bigint not null)");
        jdbc.execute("create index if not exists pending_secret_expiry on pending_secret (expires_at)");
    }

    /** Holds {@code encrypted} until {@code expiresAt}; the returned id goes into the event. */
    public String hold(String encrypted, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        hold(id, encrypted, expiresAt);
        return id;
    }

    /**
     * Holds {@code encrypted} under an id the caller chose; holding it again changes nothing. Rows of
     * secrets that expired without being passed on are deleted on the way, at most once a minute (through
     * an index: a scan of the whole table on every hold was a third of notification-service's CPU per mail).
     */
    public void hold(String id, String encrypted, Instant expiresAt) {
        long now = clock.millis();
        long last = lastSweep.get();
        if (now - last >= SWEEP_INTERVAL_MILLIS && lastSweep.compareAndSet(last, now)) {
            jdbc.update("delete from pending_secret where expires_at <= ?", now);
        }
        if (find(id).isEmpty()) {
            jdbc.update("insert into pending_secret (id, encrypted, expires_at) values (?, ?, ?)", id, encrypted,
                    expiresAt.toEpochMilli());
        }
    }

    /** A secret still held: its ciphertext, and whether it expired before it was passed on. */
    public record Held(String encrypted, boolean expired) {
    }

    /** The secret held under {@code id}, expired or not; empty once it was released (or for no id). */
    public Optional<Held> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        return jdbc.query("select encrypted, expires_at from pending_secret where id = ?",
                (row, n) -> new Held(row.getString(1), row.getLong(2) <= now), id).stream().findFirst();
    }

    public void release(String id) {
        jdbc.update("delete from pending_secret where id = ?", id);
    }
}
