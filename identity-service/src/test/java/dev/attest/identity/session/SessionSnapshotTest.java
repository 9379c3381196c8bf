package dev.attest.identity.session;

import dev.attest.kit.eventstore.EventStoreConfiguration;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot brings back every field of a session, above all the rotated-away refresh-token hashes it still
 * remembers itself (from before {@link RotatedRefreshTokens}): without them a stolen, already rotated token would
 * no longer end the session after a snapshot. Filed rotations stay out of it, so it does not grow with refreshes.
 */
class SessionSnapshotTest {

    static final Instant STARTED = Instant.parse("2026-11-29T10:00:00Z");

    final Serializer snapshots = EventStoreConfiguration.snapshotSerializer();

    @Test
    void aSessionWithItsRememberedRotatedTokensSurvivesASnapshotRoundTrip() {
        Session session = started();
        session.on(rotated("hash-2", "hash-1", false), Instant.parse("2026-11-29T10:01:00Z"));
        session.on(rotated("hash-3", "hash-1", false), Instant.parse("2026-11-29T10:01:05Z"));
        session.on(rotated("hash-4", "hash-3", true), Instant.parse("2026-11-29T10:06:00Z"));

        SerializedObject<byte[]> snapshot = snapshots.serialize(session, byte[].class);
        Session restored = snapshots.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().isEqualTo(session);
        assertThat(new String(snapshot.getData())).contains("\"liveHashes\"", "hash-2", "hash-4",
                "\"rotatedAt\":{\"hash-1\":" + Instant.parse("2026-11-29T10:01:00Z").getEpochSecond())
                .doesNotContain("hash-3");
    }

    @Test
    void aSessionsSnapshotDoesNotGrowWithItsRefreshes() {
        Session once = started();
        once.on(rotated("hash-00001", "hash-1", true), STARTED);
        Session often = started();
        String live = "hash-1";
        for (int i = 1; i <= 4_000; i++) {
            String next = String.format("hash-%05d", i);
            often.on(rotated(next, live, true), STARTED.plusSeconds(300L * i));
            live = next;
        }

        assertThat(snapshots.serialize(often, byte[].class).getData())
                .hasSameSizeAs(snapshots.serialize(once, byte[].class).getData());
    }

    private static SessionEvents.RefreshTokenRotated rotated(String next, String replaced, boolean filed) {
        return new SessionEvents.RefreshTokenRotated("s1", "u1", next, replaced, filed);
    }

    private static Session started() {
        Session session = new Session();
        session.on(new SessionEvents.SessionStarted("s1", "u1", "c1", "MAIN", false, "hash-1",
                Instant.parse("2026-12-13T10:00:00Z"), "Mozilla/5.0", "203.0.113.7"), STARTED);
        return session;
    }
}
