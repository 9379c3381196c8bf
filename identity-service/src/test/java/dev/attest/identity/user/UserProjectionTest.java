package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialEvents;
import dev.attest.identity.secondfactor.SecondFactorEvents;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UserProjectionTest {

    final MongoServer server = new MongoServer(new MemoryBackend());
    final MongoTemplate mongo = new MongoTemplate(MongoClients.create(server.bindAndGetConnectionString()), "test");
    final UserProjection projection = new UserProjection(mongo);

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void replayingTheEventsYieldsTheSameProfile() {
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        UserEvents.UserCreated created = new UserEvents.UserCreated("u1", "c1", "ada@example.com", "Ada", "Lovelace",
                "en", List.of(), false);
        CredentialEvents.PasswordSet passwordSet = new CredentialEvents.PasswordSet("u1", "c1", "$argon2id$...");

        UserEvents.PersonalDataChanged renamed = new UserEvents.PersonalDataChanged("u1", "c1", "Ada", "King", "de");

        projection.on(created, at, 0);
        projection.on(passwordSet);
        projection.on(renamed, 3);
        UserProfile first = mongo.findById("u1", UserProfile.class);
        projection.on(created, at, 0);
        projection.on(passwordSet);
        projection.on(renamed, 3);

        assertThat(mongo.findAll(UserProfile.class)).containsExactly(first);
        assertThat(first).isEqualTo(new UserProfile("u1", "ada@example.com", "Ada", "King", "c1", "de", "EMAIL",
                false, true, false, false, at, 3, List.of("ada@example.com", "ada", "king", "ada king", "king ada"), null, null, null,
                false, 0));
    }
}
