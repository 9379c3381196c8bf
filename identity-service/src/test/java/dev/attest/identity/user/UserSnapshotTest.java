package dev.attest.identity.user;

import dev.attest.identity.apiaccess.ApiAccessEvents;
import dev.attest.identity.credentials.CredentialEvents;
import dev.attest.identity.secondfactor.SecondFactorEvents;
import dev.attest.kit.eventstore.EventStoreConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot brings back every field of a user and of its parts: the password hash, the open challenge,
 * the failure streak. A user is built here the way Axon builds one, from its events.
 */
class UserSnapshotTest {

    final Serializer snapshots = EventStoreConfiguration.snapshotSerializer();

    @Test
    void aUserWithItsPartsSurvivesASnapshotRoundTrip() throws Exception {
        User user = fromEvents(
                new UserEvents.UserCreated("u1", "c1", "ada@acme.test", "Ada", "L", "de", List.of("g1"), false),
                new CredentialEvents.PasswordSetupLinkIssued("u1", "c1", "ada@acme.test", "Ada", "de", "token-hash",
                        "jwe", Instant.parse("2026-12-01T00:00:00Z")),
                new CredentialEvents.PasswordSet("u1", "c1", "$argon2id$v=19$m=19456,t=2,p=1$x$y"),
                new SecondFactorEvents.SecondFactorChallengeIssued("u1", "c1", "u1.c", "ada@acme.test", "de",
                        "code-hash", "jwe", Instant.parse("2026-12-01T00:10:00Z"), null, null),
                new UserEvents.LoginFailed("u1", "c1", "WRONG_PASSWORD"),
                new SecondFactorEvents.SecondFactorCodeRejected("u1", "c1", "u1.c", 4),
                new SecondFactorEvents.TotpSetupStarted("u1", "c1", "u1.s", "k1", "sealed-secret",
                        Instant.parse("2026-12-01T00:15:00Z"), false),
                new SecondFactorEvents.TotpConfigured("u1", "c1", "u1.s", 56_000_000L, List.of("rc-hash-1", "rc-hash-2")),
                new SecondFactorEvents.SecondFactorChallengeIssued("u1", "c1", "u1.r", "ada@acme.test", "de", null, null,
                        Instant.parse("2026-12-01T00:10:00Z"), "TOTP", "REAUTHENTICATION"),
                new SecondFactorEvents.ReauthenticationGranted("u1", "c1", "grant-hash", "session-1",
                        Instant.parse("2026-12-01T00:05:00Z")),
                new ApiAccessEvents.ApiAccessGranted("u1", "c1"),
                new ApiAccessEvents.ApiKeyCreated("u1", "c1", "k1", "CI", "api-key-hash",
                        Instant.parse("2027-01-01T00:00:00Z")),
                new ApiAccessEvents.ApiKeyCreated("u1", "c1", "k2", "old", "old-key-hash", null),
                new ApiAccessEvents.ApiKeyRevoked("u1", "c1", "k2"));

        SerializedObject<byte[]> snapshot = snapshots.serialize(user, byte[].class);
        User restored = snapshots.deserialize(snapshot);

        String stored = new String(snapshot.getData());
        assertThat(stored).contains("code-hash", "$argon2id$", "\"attemptsLeft\":4", "\"failures\":2", "sealed-secret",
                        "rc-hash-2", "grant-hash", "REAUTHENTICATION", "56000000", "api-key-hash", "old-key-hash")
                .doesNotContain("\"jwe\"");
        assertThat(restored).usingRecursiveComparison().isEqualTo(user);
    }

    private static User fromEvents(Object... events) throws Exception {
        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        for (int sequence = 0; sequence < events.length; sequence++) {
            store.publish(new GenericDomainEventMessage<>("User", "u1", sequence, events[sequence], MetaData.emptyInstance(),
                    UUID.randomUUID().toString(), at.plusSeconds(sequence)));
        }
        EventSourcingRepository<User> users = EventSourcingRepository.builder(User.class).eventStore(store).build();
        return DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> users.load("u1").invoke(user -> user)).getPayload();
    }
}
