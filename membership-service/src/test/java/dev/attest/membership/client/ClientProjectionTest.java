package dev.attest.membership.client;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.attest.contracts.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientProjectionTest {

    final MongoServer server = new MongoServer(new MemoryBackend());
    final MongoTemplate mongo = new MongoTemplate(MongoClients.create(server.bindAndGetConnectionString()), "test");
    final ClientProjection projection = new ClientProjection(mongo);

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void replayingTheEventsYieldsTheSameClient() {
        Instant at = Instant.parse("2026-11-28T10:00:00Z");
        ClientEvents.ClientCreated created = new ClientEvents.ClientCreated("c1", "Acme", "g1",
                new ClientCommands.Administrator("a@acme.test", "A", "B", "en"));
        ClientEvents.UserGroupCreated group = new ClientEvents.UserGroupCreated("c1", "g1", "Administrators",
                EnumSet.of(Permission.USERS_READ, Permission.AUDIT_READ));

        projection.on(created, at);
        projection.on(group);
        ClientView first = mongo.findById("c1", ClientView.class);
        projection.on(created, at);
        projection.on(group);
        projection.on(group);

        assertThat(mongo.findAll(ClientView.class)).containsExactly(first);
        assertThat(first).isEqualTo(new ClientView("c1", "Acme", List.of(new ClientView.Group("g1", "Administrators",
                List.of("AUDIT_READ", "USERS_READ"))), at));
    }
}
