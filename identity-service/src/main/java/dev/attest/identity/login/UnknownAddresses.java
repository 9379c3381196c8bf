package dev.attest.identity.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.FailureStreak;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Failure streaks of addresses that have no account, kept like an account's own (same free attempts,
 * same waits), so that a throttled answer cannot tell who has an account. Bounded and expiring: at most
 * {@value #MAX_TRACKED} addresses, each forgotten after a day without attempts, as an account's streak is.
 * Counted per instance of identity-service.
 */
@Component
class UnknownAddresses {

    static final int MAX_TRACKED = 100_000;

    private final Cache<String, FailureStreak> streaks = Caffeine.newBuilder().maximumSize(MAX_TRACKED)
            .expireAfterWrite(FailureStreak.MEMORY).build();
    private final Clock clock;

    UnknownAddresses(Clock clock) {
        this.clock = clock;
    }

    /** Counts a failed attempt on {@code email} unless it must wait; then the wait, and nothing counted. */
    Duration attempt(String email) {
        Duration[] wait = {Duration.ZERO};
        streaks.asMap().compute(key(email), (key, streak) -> {
            FailureStreak current = streak == null ? FailureStreak.NONE : streak;
            wait[0] = current.waitAt(clock.instant());
            return wait[0].isZero() ? current.failedAt(clock.instant()) : current;
        });
        return wait[0];
    }

    private static String key(String email) {
        String normalized = EmailRegistry.normalize(email);
        return normalized.length() <= 254 ? normalized : normalized.substring(0, 254);
    }
}
