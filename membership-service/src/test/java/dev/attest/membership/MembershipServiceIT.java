package dev.attest.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.Topics;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.contracts.identity.v1.UserDisabled;
import dev.attest.contracts.identity.v1.UserEnabled;
import dev.attest.embedded.testing.ContractAssertions;
import dev.attest.embedded.testing.EventStoreDatabases;
import dev.attest.embedded.testing.SecretSearch;
import dev.attest.embedded.testing.StoredEventFiles;
import dev.attest.embedded.testing.TestInfrastructure;
import dev.attest.embedded.testing.TestTokenIssuer;
import dev.attest.embedded.testing.TopicRecorder;
import dev.attest.kit.messaging.ForeignEvents;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** membership-service on embedded infrastructure, driven through REST and Kafka. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attest.messaging.give-up-after=2s")
@ExtendWith({TestInfrastructure.Available.class, OutputCaptureExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipServiceIT {

    static final TestInfrastructure INFRA = TestInfrastructure.start();
    static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    static final TopicRecorder TOPICS = new TopicRecorder(INFRA.kafkaBootstrapServers(), Topics.MEMBERSHIP_CLIENT,
            Topics.MEMBERSHIP_MEMBERSHIP, Topics.MEMBERSHIP_INVITATION);
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static final ForeignEvents FOREIGN = new ForeignEvents(INFRA.kafkaBootstrapServers(), "/attest/identity-service");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String eventStore = EventStoreDatabases.fresh("membership");
        String readModels = INFRA.mongoUri("membership-" + UUID.randomUUID());
        registry.add("spring.datasource.url", () -> eventStore);
        registry.add("spring.data.mongodb.uri", () -> readModels);
        registry.add("spring.kafka.bootstrap-servers", INFRA::kafkaBootstrapServers);
        registry.add("attest.tokens.jwks-uri", TOKENS::jwksUri);
    }

    /**
     * After every test of the class: each record membership-service published conforms to its contract and
     * every type it publishes was seen; no access token a test presented shows in the event store, on Kafka,
     * in MongoDB or in the output.
     */
    @AfterAll
    void everyRecordConformsAndNoTokenShowsAnywhere(CapturedOutput output) {
        try {
            new SecretSearch().eventStore("membership event store", eventStoreData)
                    .kafka(INFRA.kafkaBootstrapServers())
                    .mongo(INFRA.mongoUri(""))
                    .text("test output", output.getAll())
                    .assertVisibleIn("membership event store table domainevententry", "ada@acme.test")
                    .assertVisibleIn("Kafka topic " + Topics.MEMBERSHIP_CLIENT, "ada@acme.test")
                    .assertVisibleIn("MongoDB", "Acme Bank")
                    .assertNoneOf(TOKENS.issued());
            ContractAssertions.assertEveryRecordConforms(INFRA.kafkaBootstrapServers(), EventCatalogue.ALL.stream()
                    .filter(e -> e.source().equals(EventCatalogue.MEMBERSHIP_SERVICE)).toList());
        } finally {
            TOPICS.close();
            TOKENS.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    JdbcTemplate eventStore;
    @Autowired
    DataSource eventStoreData;
    @Autowired
    MeterRegistry meters;
    @Autowired
    org.axonframework.config.Configuration axon;

    @Test
    void everyStoredFormOfEveryEventReadsBackFieldForField() {
        List<Class<?>> events = StoredEventFiles.eventClassesIn("dev.attest.membership");
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        StoredEventFiles.assertEveryStoredFormReads(java.nio.file.Path.of("src/test/resources/stored-events"),
                axon.eventSerializer(), axon.upcasterChain(), events);
    }

    @Test
    void theOperatorCreatesAClientWithAnAdministratorsGroup() throws Exception {
        HttpResponse<String> created = post("/api/v1/clients", Map.of("name", "Acme Bank",
                "admin", Map.of("email", "ada@acme.test", "firstName", "Ada", "lastName", "Lovelace")),
                TOKENS.operatorToken());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String clientId = body.path("id").asText();
        String groupId = body.path("administratorGroupId").asText();

        JsonNode clientCreated = awaitRecord("ClientCreated.v1", clientId);
        assertThat(clientCreated.path("administrator").path("email").asText()).isEqualTo("ada@acme.test");
        JsonNode group = awaitRecord("UserGroupCreated.v1", groupId);
        // Who asked, and one correlation id for all the request caused: stored, then published.
        for (byte[] metaData : eventStore.queryForList("select metadata from domainevententry where aggregateidentifier = ?",
                byte[].class, clientId)) {
            JsonNode stored = JSON.readTree(metaData);
            assertThat(stored.path("actor").asText()).isEqualTo("operator-1");
            assertThat(stored.path("correlationId").asText()).isNotBlank()
                    .isEqualTo(clientCreated.path("context").path("correlationId").asText());
        }
        assertThat(clientCreated.path("context").path("actor").asText()).isEqualTo("operator-1");
        assertThat(group.path("context").path("actor").asText()).isEqualTo("operator-1");
        assertThat(group.path("context").path("correlationId").asText())
                .isEqualTo(clientCreated.path("context").path("correlationId").asText());
        assertThat(JSON.convertValue(group.path("permissions"), String[].class)).containsExactlyInAnyOrder(
                java.util.Arrays.stream(dev.attest.contracts.Permission.values()).map(Enum::name).toArray(String[]::new));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> view = get("/api/v1/clients/" + clientId, TOKENS.operatorToken());
            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(view.body()).path("groups").get(0).path("name").asText()).isEqualTo("Administrators");
        });
    }

    @Test
    void aClientIsVisibleOnlyToTheOperatorAndItsOwnUsers() throws Exception {
        JsonNode client = JSON.readTree(post("/api/v1/clients", Map.of("name", "Private Bank",
                "admin", Map.of("email", "pia@private.test", "firstName", "Pia", "lastName", "P")),
                TOKENS.operatorToken()).body());
        String clientId = client.path("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("/api/v1/clients/" + clientId, TOKENS.userToken("insider", clientId)).statusCode() == 200);

        HttpResponse<String> foreign = get("/api/v1/clients/" + clientId, TOKENS.userToken("outsider", "other-client"));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(foreign.body()).path("type").asText())
                .isEqualTo("https://attest.dev/problems/client-not-found");
        assertThat(foreign.body()).doesNotContain("Private Bank");
        HttpResponse<String> unknown = get("/api/v1/clients/" + UUID.randomUUID(), TOKENS.operatorToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("type").asText())
                .isEqualTo("https://attest.dev/problems/client-not-found");
    }

    @Test
    void aUserNamingAGroupOfAnotherClientGetsNoMembership() throws Exception {
        JsonNode mine = JSON.readTree(post("/api/v1/clients", Map.of("name", "Mine",
                "admin", Map.of("email", "mo@mine.test", "firstName", "Mo", "lastName", "M")), TOKENS.operatorToken()).body());
        JsonNode theirs = JSON.readTree(post("/api/v1/clients", Map.of("name", "Theirs",
                "admin", Map.of("email", "tia@theirs.test", "firstName", "Tia", "lastName", "T")), TOKENS.operatorToken()).body());
        String userId = UUID.randomUUID().toString();
        String clientId = mine.path("id").asText();
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), userId, clientId, "system", "corr"),
                userId, clientId, "sly@mine.test", "Sly", "S", "en", List.of(theirs.path("administratorGroupId").asText())));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                assertThat(TOPICS.ofType("MembershipStarted.v1", b -> b.contains(userId))).isEmpty());
        assertThat(eventStore.queryForObject("select count(*) from domainevententry where payloadtype like ?",
                Integer.class, "%MembershipStarted%")).isEqualTo(TOPICS.ofType("MembershipStarted.v1", b -> true).size());
    }

    @Test
    void aRecordThatKeepsFailingIsParkedAfterItsRetries() throws Exception {
        String userId = UUID.randomUUID().toString();
        UserCreated ofNoClient = new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), userId,
                "no-such-client", "system", "corr"), userId, "no-such-client", "lost@nowhere.test", "Lost", "L", "en",
                List.of());
        var retries = meters.find("attest.kafka.retries").tag("topic", Topics.IDENTITY_USER).counter();
        double before = retries == null ? 0 : retries.count();
        identity(ofNoClient);

        String eventId = ofNoClient.context().eventId().toString();
        var parked = await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecorder.parked(
                INFRA.kafkaBootstrapServers(), Topics.IDENTITY_USER, eventId), l -> !l.isEmpty());
        assertThat(meters.find("attest.kafka.retries").tag("topic", Topics.IDENTITY_USER).counter().count() - before)
                .as("tried again before it was parked").isGreaterThanOrEqualTo(2);
        assertThat(TopicRecorder.header(parked.get(0), "kafka_dlt-original-topic")).isEqualTo(Topics.IDENTITY_USER);
        assertThat(TopicRecorder.header(parked.get(0), "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(TOPICS.ofType("MembershipStarted.v1", b -> b.contains(userId))).isEmpty();
    }

    @Test
    void onlyTheOperatorCreatesClients() throws Exception {
        HttpResponse<String> refused = post("/api/v1/clients", Map.of("name", "Acme",
                "admin", Map.of("email", "ada@acme.test", "firstName", "Ada", "lastName", "Lovelace")),
                TOKENS.userToken("u1", "c1"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("type").asText()).endsWith("/operator-only");
    }

    @Test
    void theTokensOfAUserIdentityDisabledAreRefusedWithinASecond() throws Exception {
        String token = TOKENS.operatorToken();
        String operator = "operator-1";
        assertThat(get("/api/v1/clients/" + UUID.randomUUID(), token).statusCode()).isEqualTo(404);
        FOREIGN.send(new UserDisabled(new EventContext(UUID.randomUUID(), Instant.now(), operator, null, "system",
                "corr"), operator));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/clients/" + UUID.randomUUID(), token).statusCode() == 401);
        FOREIGN.send(new UserEnabled(new EventContext(UUID.randomUUID(), Instant.now(), operator, null, "system",
                "corr"), operator));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/clients/" + UUID.randomUUID(), token).statusCode() == 404);
    }

    /** Spring Security's own observations cost a tenth of a read's CPU; the request timer is enough. */
    @Test
    void requestsAreTimedWithoutSpringSecuritysOwnObservations() throws Exception {
        assertThat(get("/api/v1/clients/c-unknown", TOKENS.operatorToken()).statusCode()).isEqualTo(404);
        assertThat(meters.find("http.server.requests").timers()).isNotEmpty();
        assertThat(meters.getMeters()).extracting(meter -> meter.getId().getName())
                .noneMatch(name -> name.startsWith("spring.security"));
    }

    @Test
    void theServiceRefusesTokensOfTheWrongKindItself() throws Exception {
        Map<String, Object> operator = Map.of("op", true, "use", "interactive");
        for (var token : TOKENS.forgeries("operator-1", operator).entrySet()) {
            assertThat(get("/api/v1/clients/c1", token.getValue()).statusCode()).as(token.getKey()).isEqualTo(401);
        }
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        int before = TOPICS.records().size();
        HttpResponse<String> invalid = post("/api/v1/clients", Map.of("name", "x".repeat(101),
                "admin", Map.of("email", "not-an-address", "firstName", "", "lastName", "L")), TOKENS.operatorToken());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).path("errors").fieldNames()).toIterable()
                .contains("name", "admin.email", "admin.firstName");
        HttpResponse<String> expired = post("/api/v1/clients", Map.of("name", "Acme"),
                TOKENS.token("operator-1", Map.of("op", true), Duration.ofSeconds(-120)));
        assertThat(expired.statusCode()).isEqualTo(401);
        // Publishing is asynchronous: nothing may appear for a while either.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(TOPICS.records()).hasSize(before));
    }

    @Test
    void aUserCreatedByIdentityStartsOneMainMembershipEvenWhenDeliveredTwice() throws Exception {
        HttpResponse<String> created = post("/api/v1/clients", Map.of("name", "Globex",
                "admin", Map.of("email", "hank@globex.test", "firstName", "Hank", "lastName", "Scorpio")),
                TOKENS.operatorToken());
        JsonNode client = JSON.readTree(created.body());
        String clientId = client.path("id").asText();
        String userId = UUID.randomUUID().toString();
        UserCreated userCreated = new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), userId, clientId,
                "system", "corr"), userId, clientId, "hank@globex.test", "Hank", "Scorpio", "en",
                List.of(client.path("administratorGroupId").asText()));
        identity(userCreated);
        identity(userCreated);

        JsonNode membership = awaitRecord("MembershipStarted.v1", userId);
        assertThat(membership.path("kind").asText()).isEqualTo("MAIN");
        assertThat(membership.path("clientId").asText()).isEqualTo(clientId);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(TOPICS.ofType("MembershipStarted.v1", b -> b.contains(userId))).hasSize(1));

        // Replayed into a rebuilt read-model database, where the inbox no longer knows the event id: the
        // membership exists already, so nothing happens and the partition moves on.
        mongo.remove(Query.query(Criteria.where("_id").is(userCreated.context().eventId().toString())), "inbox");
        identity(userCreated);
        String nextUser = UUID.randomUUID().toString();
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), userId, clientId, "system", "corr"),
                nextUser, clientId, "mindy@globex.test", "Mindy", "M", "en", List.of()));
        awaitRecord("MembershipStarted.v1", nextUser);
        assertThat(TOPICS.ofType("MembershipStarted.v1", b -> b.contains(userId))).hasSize(1);
    }

    @Test
    void aMalformedRecordIsParkedOnTheDeadLetterTopicAndTheStreamMovesOn() throws Exception {
        String eventId = UUID.randomUUID().toString();
        try (TopicRecorder deadLetters = new TopicRecorder(INFRA.kafkaBootstrapServers(), Topics.IDENTITY_USER + ".dlt");
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()),
                     new StringSerializer(), new ByteArraySerializer())) {
            send(producer, eventId, "dev.attest.identity.UserCreated.v1", "{\"context\": 42");
            assertThat(parked(deadLetters, eventId)).contains("malformed");

            String unknownId = UUID.randomUUID().toString();
            send(producer, unknownId, "dev.attest.identity.SomethingNew.v9", "{}");
            assertThat(parked(deadLetters, unknownId)).contains("unknown CloudEvents type");
        }

        // The next event with the same key (so on the same partition) is handled.
        JsonNode client = JSON.readTree(post("/api/v1/clients", Map.of("name", "Umbrella",
                "admin", Map.of("email", "alice@umbrella.test", "firstName", "Alice", "lastName", "A")),
                TOKENS.operatorToken()).body());
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), "u-bad", client.path("id").asText(),
                "system", "corr"), "u-bad", client.path("id").asText(), "alice@umbrella.test", "Alice", "A", "en",
                List.of(client.path("administratorGroupId").asText())));
        assertThat(awaitRecord("MembershipStarted.v1", "\"userId\":\"u-bad\"").path("kind").asText()).isEqualTo("MAIN");
    }

    /** A client with its administrator as identity-service would make it: returns client id, admin group id. */
    private String[] clientWithAdministrator(String name, String adminId, String email, String first, String last)
            throws Exception {
        JsonNode client = JSON.readTree(post("/api/v1/clients", Map.of("name", name,
                "admin", Map.of("email", email, "firstName", first, "lastName", last)), TOKENS.operatorToken()).body());
        String clientId = client.path("id").asText();
        String adminGroup = client.path("administratorGroupId").asText();
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), adminId, clientId, "system",
                "corr"), adminId, clientId, email, first, last, "en", List.of(adminGroup)));
        awaitRecord("MembershipStarted.v1", adminId);
        return new String[]{clientId, adminGroup};
    }

    @Test
    void groupsAreManagedInTheActiveClientOnlyAndJoinableOnesJoinedByMembers() throws Exception {
        String ada = "ada-" + UUID.randomUUID();
        String[] acme = clientWithAdministrator("Acme Groups", ada, ada + "@acme.test", "Ada", "Lovelace");
        String bea = "bea-" + UUID.randomUUID();
        String[] bank = clientWithAdministrator("Bank Groups", bea, bea + "@bank.test", "Bea", "Bauer");
        String adaToken = TOKENS.userToken(ada, acme[0]);
        String beaToken = TOKENS.userToken(bea, bank[0]);

        HttpResponse<String> readers = post("/api/v1/groups", Map.of("name", "Readers",
                "permissions", List.of("USERS_READ")), adaToken);
        assertThat(readers.statusCode()).as(readers.body()).isEqualTo(201);
        String readersId = JSON.readTree(readers.body()).path("id").asText();
        assertThat(readers.headers().firstValue("Location")).contains("/api/v1/groups/" + readersId);
        String newsId = JSON.readTree(post("/api/v1/groups", Map.of("name", "News", "permissions", List.of("AUDIT_READ"),
                "joinable", true), adaToken).body()).path("id").asText();
        assertThat(awaitRecord("UserGroupCreated.v1", newsId).path("joinable").asBoolean()).isTrue();

        HttpResponse<String> sneaky = post("/api/v1/groups", Map.of("name", "Sneaky",
                "permissions", List.of("USERS_MANAGE"), "joinable", true), adaToken);
        assertThat(sneaky.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(sneaky.body()).path("type").asText()).endsWith("/joinable-administration");
        HttpResponse<String> unknownPermission = post("/api/v1/groups", Map.of("name", "X",
                "permissions", List.of("EVERYTHING")), adaToken);
        assertThat(unknownPermission.statusCode()).isEqualTo(400);

        // The administrator of another client neither sees nor touches Acme's groups, whatever ids it sends.
        for (HttpResponse<String> foreign : List.of(get("/api/v1/groups/" + readersId, beaToken),
                send("PATCH", "/api/v1/groups/" + readersId, Map.of("name", "Mine"), beaToken),
                send("DELETE", "/api/v1/groups/" + readersId, null, beaToken),
                send("PUT", "/api/v1/groups/" + readersId + "/members/" + bea, null, beaToken))) {
            assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
            assertThat(JSON.readTree(foreign.body()).path("type").asText()).endsWith("/group-not-found");
        }
        assertThat(JSON.readTree(get("/api/v1/groups", beaToken).body()).findValuesAsText("name"))
                .containsExactly("Administrators");
        // A member of Acme without GROUPS_MANAGE may not manage groups there.
        String cem = "cem-" + UUID.randomUUID();
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), cem, acme[0], "system", "corr"),
                cem, acme[0], cem + "@acme.test", "Cem", "C", "en", List.of(readersId)));
        awaitRecord("MembershipStarted.v1", cem);
        String cemToken = TOKENS.userToken(cem, acme[0]);
        HttpResponse<String> notAManager = post("/api/v1/groups", Map.of("name", "Mine", "permissions", List.of()),
                cemToken);
        assertThat(notAManager.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(notAManager.body()).path("type").asText()).endsWith("/missing-permission");
        assertThat(get("/api/v1/groups", cemToken).statusCode()).isEqualTo(200);

        // Joining needs GROUPS_JOIN; the manager grants it to Readers, and Cem joins News but not Administrators.
        assertThat(send("PUT", "/api/v1/me/groups/" + newsId, null, cemToken).statusCode()).isEqualTo(403);
        HttpResponse<String> changed = send("PATCH", "/api/v1/groups/" + readersId,
                Map.of("permissions", List.of("USERS_READ", "GROUPS_JOIN")), adaToken);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        awaitRecord("UserGroupChanged.v1", readersId);
        JsonNode mine = JSON.readTree(get("/api/v1/me/groups", cemToken).body()).path("items");
        assertThat(mine.findValuesAsText("name")).containsExactly("Readers", "News");
        assertThat(mine.get(1).path("member").asBoolean()).isFalse();
        assertThat(send("PUT", "/api/v1/me/groups/" + newsId, null, cemToken).statusCode()).isEqualTo(204);
        assertThat(awaitRecord("GroupJoined.v1", cem).path("groupId").asText()).isEqualTo(newsId);
        HttpResponse<String> notJoinable = send("PUT", "/api/v1/me/groups/" + acme[1], null, cemToken);
        assertThat(notJoinable.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(notJoinable.body()).path("type").asText()).endsWith("/group-not-joinable");
        assertThat(send("DELETE", "/api/v1/me/groups/" + newsId, null, cemToken).statusCode()).isEqualTo(204);
        awaitRecord("GroupLeft.v1", cem);

        // The manager assigns and removes; the last manager cannot go; a deleted group is gone for its members.
        assertThat(send("PUT", "/api/v1/groups/" + acme[1] + "/members/" + cem, null, adaToken).statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/groups/" + acme[1] + "/members/" + cem, null, adaToken).statusCode())
                .isEqualTo(204);
        HttpResponse<String> lastManager = send("DELETE", "/api/v1/me/groups/" + acme[1], null, adaToken);
        assertThat(lastManager.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(lastManager.body()).path("type").asText()).endsWith("/last-group-manager");
        assertThat(send("DELETE", "/api/v1/groups/" + newsId, null, adaToken).statusCode()).isEqualTo(204);
        awaitRecord("UserGroupDeleted.v1", newsId);
        assertThat(JSON.readTree(get("/api/v1/groups/" + readersId, adaToken).body()).path("memberIds").toString())
                .contains(cem);
    }

    @Test
    void aGuestIsInvitedAcceptsLeavesAndItsTokenForThatClientStopsWorking() throws Exception {
        String ada = "ada-" + UUID.randomUUID();
        String[] acme = clientWithAdministrator("Acme Guests", ada, ada + "@acme.test", "Ada", "Lovelace");
        String bea = "bea-" + UUID.randomUUID();
        String[] bank = clientWithAdministrator("Bank Guests", bea, bea + "@bank.test", "Bea", "Bauer");
        String adaToken = TOKENS.userToken(ada, acme[0]);
        String readersId = JSON.readTree(post("/api/v1/groups", Map.of("name", "Readers",
                "permissions", List.of("USERS_READ")), adaToken).body()).path("id").asText();

        // The same answer whether the address has an account or not.
        HttpResponse<String> toBea = post("/api/v1/invitations", Map.of("email", bea + "@bank.test",
                "groupId", readersId), adaToken);
        HttpResponse<String> toNobody = post("/api/v1/invitations", Map.of("email", "nobody-" + bea + "@nowhere.test",
                "groupId", readersId), adaToken);
        assertThat(toBea.statusCode()).isEqualTo(201);
        assertThat(toNobody.statusCode()).isEqualTo(201);
        List<String> nobodysFields = new java.util.ArrayList<>();
        JSON.readTree(toNobody.body()).fieldNames().forEachRemaining(nobodysFields::add);
        assertThat(JSON.readTree(toBea.body()).fieldNames()).toIterable().containsExactlyElementsOf(nobodysFields);
        String invitationId = JSON.readTree(toBea.body()).path("id").asText();
        JsonNode delivered = awaitRecord("InvitationDelivered.v1", invitationId);
        assertThat(delivered.path("inviterName").asText()).isEqualTo("Ada Lovelace");
        assertThat(delivered.path("clientName").asText()).isEqualTo("Acme Guests");
        String unseenId = JSON.readTree(toNobody.body()).path("id").asText();
        awaitRecord("InvitationSent.v1", unseenId);
        assertThat(TOPICS.ofType("InvitationDelivered.v1", b -> b.contains(unseenId))).isEmpty();
        assertThat(JSON.readTree(get("/api/v1/invitations", adaToken).body()).findValuesAsText("status"))
                .containsOnly("OPEN").hasSize(2);
        HttpResponse<String> twice = post("/api/v1/invitations", Map.of("email", bea + "@bank.test",
                "groupId", readersId), adaToken);
        assertThat(JSON.readTree(twice.body()).path("type").asText()).endsWith("/invitation-pending");

        String beaToken = TOKENS.userToken(bea, bank[0]);
        JsonNode inbox = JSON.readTree(get("/api/v1/me/invitations", beaToken).body()).path("items");
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("groupName").asText()).isEqualTo("Readers");
        assertThat(JSON.readTree(get("/api/v1/me/invitations", adaToken).body()).path("items")).isEmpty();
        HttpResponse<String> notHers = post("/api/v1/me/invitations/" + invitationId + "/accept", Map.of(), adaToken);
        assertThat(notHers.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notHers.body()).path("type").asText()).endsWith("/invitation-not-found");

        HttpResponse<String> accepted = post("/api/v1/me/invitations/" + invitationId + "/accept", Map.of(), beaToken);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(JSON.readTree(accepted.body()).path("clientId").asText()).isEqualTo(acme[0]);
        awaitRecord("InvitationAccepted.v1", invitationId);
        JsonNode guest = awaitRecord("MembershipStarted.v1", "\"kind\":\"GUEST\",\"groupIds\":[\"" + readersId);
        assertThat(guest.path("userId").asText()).isEqualTo(bea);
        assertThat(post("/api/v1/me/invitations/" + invitationId + "/accept", Map.of(), beaToken).statusCode())
                .isEqualTo(409);

        // As a guest in Acme: what Readers allows, and nothing else.
        String beaInAcme = TOKENS.token(bea, Map.of("cid", acme[0], "mk", "GUEST", "use", "interactive"),
                Duration.ofMinutes(5));
        assertThat(get("/api/v1/groups", beaInAcme).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/invitations", Map.of("email", "x@y.test", "groupId", readersId), beaInAcme)
                .statusCode()).isEqualTo(403);

        // Main clients cannot be left; guests leave, and the token for that client is refused within a second.
        HttpResponse<String> main = send("DELETE", "/api/v1/me/clients/" + bank[0], null, beaToken);
        assertThat(main.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(main.body()).path("type").asText()).endsWith("/main-client");
        assertThat(send("DELETE", "/api/v1/me/clients/" + acme[0], null, beaInAcme).statusCode()).isEqualTo(204);
        assertThat(awaitRecord("ClientLeft.v1", bea).path("reason").asText()).isEqualTo("LEFT");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/me/groups", beaInAcme).statusCode() == 401);
        assertThat(get("/api/v1/me/groups", beaToken).statusCode()).as("her main client is untouched").isEqualTo(200);

        // Rejected and revoked invitations.
        String again = JSON.readTree(post("/api/v1/invitations", Map.of("email", bea + "@bank.test",
                "groupId", readersId), adaToken).body()).path("id").asText();
        awaitRecord("InvitationDelivered.v1", again);
        assertThat(post("/api/v1/me/invitations/" + again + "/reject", Map.of(), beaToken).statusCode()).isEqualTo(204);
        awaitRecord("InvitationRejected.v1", again);
        // An account with the waiting address appears: the invitation reaches it.
        String nobody = "nobody-" + UUID.randomUUID();
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), nobody, bank[0], "system", "corr"),
                nobody, bank[0], "nobody-" + bea + "@nowhere.test", "No", "Body", "en", List.of()));
        assertThat(awaitRecord("InvitationDelivered.v1", unseenId).path("userId").asText()).isEqualTo(nobody);
        assertThat(send("DELETE", "/api/v1/invitations/" + unseenId, null, adaToken).statusCode()).isEqualTo(204);
        awaitRecord("InvitationRevoked.v1", unseenId);
        assertThat(send("DELETE", "/api/v1/invitations/" + unseenId, null, TOKENS.userToken(bea, bank[0]))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anApiTokenHoldsEveryPermissionInTheMainClientAndNothingElsewhereUntilItsKeyIsRevoked() throws Exception {
        String ada = "ada-" + UUID.randomUUID();
        String[] acme = clientWithAdministrator("Acme API", ada, ada + "@acme.test", "Ada", "Lovelace");
        String[] bank = clientWithAdministrator("Bank API", "bea-" + UUID.randomUUID(), "bea-api@bank.test", "Bea",
                "Bauer");
        String cem = "cem-" + UUID.randomUUID();
        identity(new UserCreated(new EventContext(UUID.randomUUID(), Instant.now(), cem, acme[0], "system", "corr"),
                cem, acme[0], cem + "@acme.test", "Cem", "C", "en", List.of()));
        awaitRecord("MembershipStarted.v1", cem);
        String keyId = "key-" + cem;
        String api = TOKENS.token(cem, Map.of("cid", acme[0], "mk", "MAIN", "use", "api", "akid", keyId),
                Duration.ofMinutes(5));

        assertThat(post("/api/v1/groups", Map.of("name", "Bots", "permissions", List.of()),
                TOKENS.userToken(cem, acme[0])).statusCode()).as("no group of Cem's allows it").isEqualTo(403);
        assertThat(post("/api/v1/groups", Map.of("name", "Bots", "permissions", List.of()), api).statusCode())
                .isEqualTo(201);
        for (HttpResponse<String> refused : List.of(get("/api/v1/clients/" + bank[0], api),
                send("DELETE", "/api/v1/me/clients/" + bank[0], null, api),
                get("/api/v1/clients/" + bank[0] + "/guests", api),
                post("/api/v1/me/invitations/" + UUID.randomUUID() + "/accept", Map.of(), api))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(JSON.readTree(refused.body()).path("type").asText()).endsWith("/api-token-main-client-only");
        }

        FOREIGN.send(new dev.attest.contracts.identity.v1.ApiKeyRevoked(new EventContext(UUID.randomUUID(),
                Instant.now(), cem, acme[0], cem, "corr"), cem, keyId));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/groups", api).statusCode() == 401);
        assertThat(get("/api/v1/groups", TOKENS.userToken(cem, acme[0])).statusCode()).as("a person's token goes on")
                .isEqualTo(403);
    }

    @Test
    void anAdministratorEndsAGuestMembership() throws Exception {
        String ada = "ada-" + UUID.randomUUID();
        String[] acme = clientWithAdministrator("Acme Removal", ada, ada + "@acme.test", "Ada", "Lovelace");
        String bea = "bea-" + UUID.randomUUID();
        String[] bank = clientWithAdministrator("Bank Removal", bea, bea + "@bank.test", "Bea", "Bauer");
        String adaToken = TOKENS.userToken(ada, acme[0]);
        String invitationId = JSON.readTree(post("/api/v1/invitations", Map.of("email", bea + "@bank.test",
                "groupId", acme[1]), adaToken).body()).path("id").asText();
        awaitRecord("InvitationDelivered.v1", invitationId);
        assertThat(post("/api/v1/me/invitations/" + invitationId + "/accept", Map.of(), TOKENS.userToken(bea, bank[0]))
                .statusCode()).isEqualTo(200);

        JsonNode guests = await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(get("/api/v1/clients/"
                + acme[0] + "/guests", adaToken).body()).path("items"), items -> items.size() == 1);
        assertThat(guests.get(0).path("userId").asText()).isEqualTo(bea);
        assertThat(guests.get(0).path("lastName").asText()).isEqualTo("Bauer");
        assertThat(guests.get(0).path("groupIds").get(0).asText()).isEqualTo(acme[1]);
        assertThat(get("/api/v1/clients/" + bank[0] + "/guests", adaToken).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/clients/" + bank[0] + "/guests/" + bea, null, adaToken).statusCode())
                .as("only in the active client").isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/clients/" + acme[0] + "/guests/" + ada, null, adaToken).statusCode())
                .as("a main membership is no guest's").isEqualTo(409);
        assertThat(send("DELETE", "/api/v1/clients/" + acme[0] + "/guests/" + bea, null, adaToken).statusCode())
                .isEqualTo(204);
        assertThat(awaitRecord("ClientLeft.v1", bea).path("reason").asText()).isEqualTo("REMOVED");
        assertThat(JSON.readTree(get("/api/v1/clients/" + acme[0] + "/guests", adaToken).body()).path("items"))
                .isEmpty();
    }

    /** A record written by hand, keyed like the next event of user u-bad (so on the same partition). */
    private static void send(KafkaProducer<String, byte[]> producer, String eventId, String type, String body)
            throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IDENTITY_USER, "u-bad",
                body.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8))
                .add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    /** The failure message of the record parked on the dead-letter topic with {@code eventId}. */
    private static String parked(TopicRecorder deadLetters, String eventId) {
        var parked = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.records().stream()
                .filter(r -> eventId.equals(TopicRecorder.header(r, "ce_id"))).toList(), l -> !l.isEmpty());
        return TopicRecorder.header(parked.get(0), "kafka_dlt-exception-message");
    }

    private static void identity(UserCreated event) {
        FOREIGN.send(event);
    }

    private static JsonNode awaitRecord(String type, String bodyContains) throws Exception {
        var found = await().atMost(Duration.ofSeconds(30))
                .until(() -> TOPICS.ofType(type, b -> b.contains(bodyContains)), l -> !l.isEmpty());
        return JSON.readTree(found.get(0).value());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, Object body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
