package dev.attest.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.Topics;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.embedded.testing.EventStoreDatabases;
import dev.attest.embedded.testing.TcpGate;
import dev.attest.embedded.testing.TestInfrastructure;
import dev.attest.embedded.testing.TestTokenIssuer;
import dev.attest.embedded.testing.TopicRecorder;
import dev.attest.kit.messaging.ForeignEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outage of MongoDB longer than the time after which a failing record would be given up: the records
 * that arrive meanwhile wait, and are handled once MongoDB is back. Nothing is parked, nothing is lost.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attest.messaging.give-up-after=2s")
@ExtendWith(TestInfrastructure.Available.class)
class MembershipOutageIT {

    static final TestInfrastructure INFRA = TestInfrastructure.start();
    static final String DATABASE = "membership-" + UUID.randomUUID();
    static final URI MONGO = URI.create(INFRA.mongoUri(DATABASE));
    static final TcpGate MONGO_GATE = new TcpGate(MONGO.getHost(), MONGO.getPort());
    static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    static final TopicRecorder TOPICS = new TopicRecorder(INFRA.kafkaBootstrapServers(), Topics.MEMBERSHIP_MEMBERSHIP,
            Topics.IDENTITY_USER + ".dlt");
    static final ForeignEvents FOREIGN = new ForeignEvents(INFRA.kafkaBootstrapServers(), "/attest/identity-service");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String eventStore = EventStoreDatabases.fresh("membership");
        registry.add("spring.datasource.url", () -> eventStore);
        registry.add("spring.data.mongodb.uri", () -> "mongodb://127.0.0.1:" + MONGO_GATE.port() + "/" + DATABASE
                + "?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000");
        registry.add("spring.kafka.bootstrap-servers", INFRA::kafkaBootstrapServers);
        registry.add("attest.tokens.jwks-uri", TOKENS::jwksUri);
    }

    @AfterAll
    static void stop() {
        TOPICS.close();
        TOKENS.close();
        MONGO_GATE.close();
    }

    @LocalServerPort
    int port;

    @Test
    void recordsThatArriveDuringAnOutageAreHandledWhenItEnds() throws Exception {
        JsonNode client = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/clients"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKENS.operatorToken())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", "Initech",
                        "admin", Map.of("email", "bill@initech.test", "firstName", "Bill", "lastName", "L")))))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String clientId = client.path("id").asText();
        String userId = UUID.randomUUID().toString();
        UUID eventId = UUID.randomUUID();

        MONGO_GATE.cut();
        FOREIGN.send(new UserCreated(new EventContext(eventId, Instant.now(), userId, clientId, "system", "corr"),
                userId, clientId, "peter@initech.test", "Peter", "Gibbons", "en",
                List.of(client.path("administratorGroupId").asText())));
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(16)).untilAsserted(() -> {
            assertThat(TOPICS.ofType("MembershipStarted.v1", b -> b.contains(userId))).isEmpty();
            assertThat(parked(eventId)).as("parked during the outage").isEmpty();
        });

        MONGO_GATE.restore();
        JsonNode membership = JSON.readTree(await().atMost(Duration.ofSeconds(60))
                .until(() -> TOPICS.ofType("MembershipStarted.v1", b -> b.contains(userId)), l -> !l.isEmpty())
                .get(0).value());
        assertThat(membership.path("clientId").asText()).isEqualTo(clientId);
        assertThat(parked(eventId)).isEmpty();
    }

    private static List<?> parked(UUID eventId) {
        return TOPICS.records().stream().filter(r -> r.topic().endsWith(".dlt"))
                .filter(r -> eventId.toString().equals(TopicRecorder.header(r, "ce_id"))).toList();
    }
}
