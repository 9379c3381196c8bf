package dev.attest.identity.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration
class ClockConfiguration {

    /** Injected into aggregates so tests can move time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
