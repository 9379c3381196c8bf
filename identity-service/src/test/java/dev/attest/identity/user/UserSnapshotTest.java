package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialEvents;
import dev.attest.identity.secondfactor.SecondFactorEvents;

import dev.attest.kit.eventstore.EventStoreConfiguration;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot brings back every field of a user, the open challenge and the failure streak included. */
class UserSnapshotTest {

    final Serializer snapshots = EventStoreConfiguration.snapshotSerializer();

    @Test
    void aUserSurvivesASnapshotRoundTrip() {
        User user = new User();
        user.on(new UserEvents.UserCreated("u1", "c1", "ada@acme.test", "Ada", "L", "de", List.of("g1"), false));
        user.on(new CredentialEvents.PasswordSetupLinkIssued("u1", "c1", "ada@acme.test", "Ada", "de", "token-hash", "jwe",
                Instant.parse("2026-12-01T00:00:00Z")));
        user.on(new CredentialEvents.PasswordSet("u1", "c1", "$argon2id$v=19$m=19456,t=2,p=1$x$y"));
        user.on(new SecondFactorEvents.SecondFactorChallengeIssued("u1", "c1", "u1.c", "ada@acme.test", "de", "code-hash",
                "jwe", Instant.parse("2026-12-01T00:10:00Z")));
        user.on(new UserEvents.LoginFailed("u1", "c1", "WRONG_PASSWORD"), Instant.parse("2026-12-01T00:09:00Z"));
        user.on(new SecondFactorEvents.SecondFactorCodeRejected("u1", "c1", "u1.c", 4), Instant.parse("2026-12-01T00:10:00Z"));

        SerializedObject<byte[]> snapshot = snapshots.serialize(user, byte[].class);
        User restored = snapshots.deserialize(snapshot);

        assertThat(new String(snapshot.getData())).contains("code-hash").doesNotContain("\"jwe\"");
        assertThat(restored).usingRecursiveComparison().isEqualTo(user);
        assertThat(new String(snapshot.getData())).contains("\"failures\":2");
    }
}
