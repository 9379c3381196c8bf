package dev.attest.identity.login;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LoginTimingTest {

    @Test
    void beforeAnyRealFailureThereIsNothingToWaitFor() {
        assertThat(new LoginTiming().typicalNanos()).isZero();
    }

    @Test
    void theTypicalTimeIsTheMedianOfTheLatestRealFailures() {
        LoginTiming timing = new LoginTiming();
        for (int millis = 1; millis <= 200; millis++) {
            timing.knownFailureTook(System.nanoTime() - Duration.ofMillis(millis).toNanos());
        }
        // The window keeps the last 64 (137..200 ms); their median is the 33rd smallest, 169 ms.
        assertThat(Duration.ofNanos(timing.typicalNanos())).isBetween(Duration.ofMillis(169),
                Duration.ofMillis(170));
    }
}
