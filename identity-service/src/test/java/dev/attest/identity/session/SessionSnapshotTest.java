package dev.attest.identity.session;

import dev.attest.kit.eventstore.EventStoreConfiguration;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot brings back every field of a session, above all the set of rotated-away refresh-token
 * hashes: without it a stolen, already rotated token would no longer end the session after a snapshot.
 */
class SessionSnapshotTest {

    final Serializer snapshots = EventStoreConfiguration.snapshotSerializer();

    @Test
    void aSessionWithItsRotatedTokensSurvivesASnapshotRoundTrip() {
        Session session = new Session();
        session.on(new SessionEvents.SessionStarted("s1", "u1", "c1", "MAIN", false, "hash-1",
                Instant.parse("2026-12-13T10:00:00Z"), "Mozilla/5.0", "203.0.113.7"), Instant.parse("2026-11-29T10:00:00Z"));
        session.on(new SessionEvents.RefreshTokenRotated("s1", "u1", "hash-2", "hash-1"), Instant.parse("2026-11-29T10:01:00Z"));
        session.on(new SessionEvents.RefreshTokenRotated("s1", "u1", "hash-3", "hash-1"), Instant.parse("2026-11-29T10:01:05Z"));

        SerializedObject<byte[]> snapshot = snapshots.serialize(session, byte[].class);
        Session restored = snapshots.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().isEqualTo(session);
        assertThat(new String(snapshot.getData())).contains("\"liveHashes\"", "hash-2", "hash-3",
                "\"rotatedAt\":{\"hash-1\":" + Instant.parse("2026-11-29T10:01:00Z").getEpochSecond());
    }
}
