package dev.attest.identity.user;

import dev.attest.kit.web.RuleViolation;

import java.time.Duration;
import java.time.Instant;

/**
 * Consecutive failed sign-in steps of one account (wrong passwords and wrong codes, across logins), and
 * how long the next attempt must wait because of them: the first {@link #FREE_FAILURES} cost nothing,
 * then each further one doubles the wait from one second up to {@link #MAX_WAIT}. A success ends the
 * streak; so do {@link #MEMORY} without a failure. The same rule guards addresses without an account,
 * so a throttled answer tells nothing about who has one (docs/decisions/0006).
 */
public record FailureStreak(int failures, Instant lastFailureAt) {

    public static final int FREE_FAILURES = 10;
    public static final Duration MAX_WAIT = Duration.ofMinutes(15);
    public static final Duration MEMORY = Duration.ofHours(24);
    public static final FailureStreak NONE = new FailureStreak(0, null);

    /** The answer to an attempt that must wait {@code wait}: 429 with Retry-After, the attempt unchecked. */
    public static RuleViolation refusal(Duration wait) {
        return RuleViolation.tooManyRequests("login-throttled",
                "Too many failed attempts for this account; wait before trying again.", wait);
    }

    /** The streak after one more failure at {@code at}. */
    public FailureStreak failedAt(Instant at) {
        return new FailureStreak(current(at).failures + 1, at);
    }

    /** How long an attempt at {@code now} must still wait; zero if it may go ahead. */
    public Duration waitAt(Instant now) {
        FailureStreak current = current(now);
        if (current.failures < FREE_FAILURES) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, lastFailureAt.plus(waitAfter(current.failures)));
        return left.isNegative() ? Duration.ZERO : left;
    }

    static Duration waitAfter(int failures) {
        int doublings = failures - FREE_FAILURES;
        return doublings >= 20 ? MAX_WAIT : min(Duration.ofSeconds(1L << doublings), MAX_WAIT);
    }

    private FailureStreak current(Instant now) {
        return lastFailureAt == null || !now.isBefore(lastFailureAt.plus(MEMORY)) ? NONE : this;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
