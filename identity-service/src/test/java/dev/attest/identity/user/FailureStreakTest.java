package dev.attest.identity.user;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailureStreakTest {

    static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void theFirstTenFailuresCostNoWait() {
        FailureStreak streak = failures(9);
        assertThat(streak.waitAt(T)).isZero();
        assertThat(streak.failedAt(T).waitAt(T)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToFifteenMinutes() {
        assertThat(FailureStreak.waitAfter(10)).isEqualTo(Duration.ofSeconds(1));
        assertThat(FailureStreak.waitAfter(11)).isEqualTo(Duration.ofSeconds(2));
        assertThat(FailureStreak.waitAfter(19)).isEqualTo(Duration.ofSeconds(512));
        assertThat(FailureStreak.waitAfter(20)).isEqualTo(Duration.ofMinutes(15));
        assertThat(FailureStreak.waitAfter(100)).isEqualTo(Duration.ofMinutes(15));
        assertThat(FailureStreak.waitAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theWaitRunsFromTheLastFailure() {
        FailureStreak streak = failures(12); // waits 4 s
        assertThat(streak.waitAt(T.plusSeconds(1))).isEqualTo(Duration.ofSeconds(3));
        assertThat(streak.waitAt(T.plusSeconds(4))).isZero();
    }

    @Test
    void aDayWithoutFailuresForgetsTheStreak() {
        FailureStreak streak = failures(30);
        assertThat(streak.waitAt(T.plus(Duration.ofHours(24)))).isZero();
        assertThat(streak.failedAt(T.plus(Duration.ofHours(24))).failures()).isEqualTo(1);
        assertThat(streak.failedAt(T.plus(Duration.ofHours(23))).failures()).isEqualTo(31);
    }

    private static FailureStreak failures(int count) {
        FailureStreak streak = FailureStreak.NONE;
        for (int i = 0; i < count; i++) {
            streak = streak.failedAt(T);
        }
        return streak;
    }
}
