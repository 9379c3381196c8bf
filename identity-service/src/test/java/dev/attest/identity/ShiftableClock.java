package dev.attest.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The real time, moved by an offset a test sets and takes back: time keeps running for everything else. */
public final class ShiftableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void shift(Duration by) {
        offset = by;
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
