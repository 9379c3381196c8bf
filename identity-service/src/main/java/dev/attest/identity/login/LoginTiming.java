package dev.attest.identity.login;

import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes "no such account" take as long as "wrong password". A known address loads the account, checks
 * the hash and stores a LoginFailed event; an unknown one only checks a decoy hash. The second answer is
 * therefore held back until the median duration of the last {@value #WINDOW} failures of known accounts
 * has passed. (Measured figures: docs/operations.md.)
 */
@Component
class LoginTiming {

    static final int WINDOW = 64;

    private final long[] recentNanos = new long[WINDOW];
    private int next;
    private int recorded;

    /** A known account's failed password step, started at {@code startedNanos}, has been answered. */
    synchronized void knownFailureTook(long startedNanos) {
        recentNanos[next] = System.nanoTime() - startedNanos;
        next = (next + 1) % WINDOW;
        recorded = Math.min(recorded + 1, WINDOW);
    }

    /** Waits until an unknown address's attempt, started at {@code startedNanos}, took the typical time. */
    void holdUnknownUntilTypical(long startedNanos) {
        long left = startedNanos + typicalNanos() - System.nanoTime();
        if (left > 0) {
            LockSupport.parkNanos(left);
        }
    }

    synchronized long typicalNanos() {
        if (recorded == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(recentNanos, recorded);
        Arrays.sort(sorted);
        return sorted[recorded / 2];
    }
}
