package dev.attest.identity.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.attest.identity.crypto.Secret;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Lets a login verify the password before it takes the user's lock. The hash costs 20-40 ms of CPU; done
 * inside the user's command handler, every other login of that user queued behind it (one account under
 * 8 connections: 12 logins/s, p99 3 s, docs/performance.md). Here each user's hash and throttle are
 * remembered as their last login left them, and a password is checked against that hash ahead.
 *
 * <p>Only a hint, so a stale one costs a hash and never decides anything: under the lock the user takes a
 * {@link Precheck} only if it was made for the same {@link Secret} against the hash the user holds now, and
 * throttles by its own streak first, so concurrent guesses get no more answers than sequential ones. A user
 * throttled when last seen gets no check ahead, so guessing at a throttled account costs no hash. Per
 * instance, in memory: another instance's change makes a hint stale, never wrong.
 */
@Component
public class PasswordPrechecks {

    static final int MAX_USERS = 10_000;
    static final Duration MEMORY = Duration.ofMinutes(15);

    private final Cache<String, Seen> seen = Caffeine.newBuilder().maximumSize(MAX_USERS)
            .expireAfterAccess(MEMORY).build();
    private final PasswordHasher hasher;
    private final Clock clock;

    public PasswordPrechecks(PasswordHasher hasher, Clock clock) {
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A user's hash (null without a password) and the instant until which their attempts wait. */
    private record Seen(String hash, Instant throttledUntil) {
    }

    /** {@code password} checked against the user's hash as last seen; null if unseen or throttled then. */
    public Precheck ahead(String userId, Secret password) {
        Seen last = seen.getIfPresent(userId);
        if (last == null || clock.instant().isBefore(last.throttledUntil())) {
            return null;
        }
        return new Precheck(password, last.hash(), hasher.matches(password, last.hash()));
    }

    void remember(String userId, String hash, Instant throttledUntil) {
        seen.put(userId, new Seen(hash, throttledUntil));
    }

    /** A password checked against one hash; made only here, used only for that very secret and hash. */
    public static final class Precheck {

        private final Secret password;
        private final String hash;
        private final boolean matches;

        private Precheck(Secret password, String hash, boolean matches) {
            this.password = password;
            this.hash = hash;
            this.matches = matches;
        }

        /** Reference equality on purpose: the check counts only for the secret object it was made for. */
        boolean answers(Secret password, String currentHash) {
            return this.password == password && Objects.equals(hash, currentHash);
        }

        boolean matches() {
            return matches;
        }

        @Override
        public String toString() {
            return "Precheck[hash=[secret], matches=[secret]]";
        }
    }
}
