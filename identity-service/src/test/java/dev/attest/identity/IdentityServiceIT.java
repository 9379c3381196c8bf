package dev.attest.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import dev.attest.kit.crypto.MailEnvelope;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.Permission;
import dev.attest.contracts.Topics;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.embedded.MailKeys;
import dev.attest.embedded.testing.ContractAssertions;
import dev.attest.embedded.testing.EventStoreDatabases;
import dev.attest.embedded.testing.SecretSearch;
import dev.attest.embedded.testing.IndependentTotp;
import dev.attest.embedded.testing.MockOidcProvider;
import dev.attest.embedded.testing.StoredEventFiles;
import dev.attest.embedded.testing.TestInfrastructure;
import dev.attest.embedded.testing.TopicRecorder;
import dev.attest.kit.messaging.ForeignEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * identity-service on its embedded infrastructure (real Kafka broker, MongoDB wire server, H2 or
 * PostgreSQL event store), driven through its REST API and Kafka as membership- and notification-service
 * would drive it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"attest.messaging.give-up-after=2s", "attest.identity.signing-keys.publish-ahead=2s"})
@ExtendWith({TestInfrastructure.Available.class, OutputCaptureExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityServiceIT {

    static final TestInfrastructure INFRA = TestInfrastructure.start();
    static final ECKey MAIL_KEY = MailKeys.generate();
    static final String OPERATOR_EMAIL = "operator@attest.test";
    static final String OPERATOR_PASSWORD = "operator-" + UUID.randomUUID();
    static final TopicRecorder IDENTITY_TOPIC = new TopicRecorder(INFRA.kafkaBootstrapServers(), Topics.IDENTITY_USER,
            Topics.IDENTITY_CLIENT_POLICY, Topics.INTERNAL_SECRET_MAIL);
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** The service's clock: real time, which a test may move forward for a moment. */
    static final ShiftableClock CLOCK = new ShiftableClock();

    @org.springframework.boot.test.context.TestConfiguration
    static class MovableTime {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        java.time.Clock clock() {
            return CLOCK;
        }
    }
    static final ForeignEvents FOREIGN = new ForeignEvents(INFRA.kafkaBootstrapServers(), "/attest/membership-service");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** A real OpenID Connect provider for the tests, on loopback. */
    static final MockOidcProvider PROVIDER = MockOidcProvider.start();
    /** Where a finished external sign-in sends the browser; the tests only read the redirect, never call it. */
    static final String FRONTEND = "http://127.0.0.1:9/signed-in";
    /** Every password, access token and refresh token the tests used; codes and links come from Kafka. */
    static final List<String> SECRETS = new CopyOnWriteArrayList<>(List.of(OPERATOR_PASSWORD));

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws java.io.IOException {
        String keysDirectory = Files.createTempDirectory("identity-keys").toString();
        String eventStore = EventStoreDatabases.fresh("identity");
        String readModels = INFRA.mongoUri("identity-" + UUID.randomUUID());
        registry.add("spring.datasource.url", () -> eventStore);
        registry.add("spring.data.mongodb.uri", () -> readModels);
        registry.add("spring.kafka.bootstrap-servers", INFRA::kafkaBootstrapServers);
        registry.add("attest.identity.keys.mail-encryption-key", () -> MAIL_KEY.toPublicJWK().toJSONString());
        registry.add("attest.identity.keys.directory", () -> keysDirectory);
        registry.add("attest.operator.email", () -> OPERATOR_EMAIL);
        registry.add("attest.operator.password", () -> OPERATOR_PASSWORD);
        registry.add("attest.identity.external-sign-in.providers.mock.issuer-uri", () -> PROVIDER.issuerUrl("mock"));
        registry.add("attest.identity.external-sign-in.providers.mock.client-id", () -> "attest");
        registry.add("attest.identity.external-sign-in.providers.mock.client-secret", () -> "not-checked-by-the-mock");
        registry.add("attest.identity.external-sign-in.providers.mock.display-name", () -> "Mock ID");
        registry.add("attest.identity.external-sign-in.redirect-uris", () -> FRONTEND);
    }

    /**
     * After every test of the class: each record identity-service published conforms to its contract, every
     * type it publishes was seen (the operator's LoginSucceeded without a client among them), and no secret
     * any test used or was mailed shows in the event store, on Kafka, in MongoDB or in the output.
     */
    @AfterAll
    void everyRecordConformsAndNoSecretShowsAnywhere(CapturedOutput output) throws Exception {
        try {
            List<String> secrets = new ArrayList<>(SECRETS);
            for (var mail : TopicRecorder.readToEnd(INFRA.kafkaBootstrapServers(), Topics.INTERNAL_SECRET_MAIL::equals)) {
                if ("dev.attest.internal.SecretMailRequested.v1".equals(TopicRecorder.header(mail, "ce_type"))) {
                    secrets.add(decrypt(JSON.readTree(mail.value()).path("encryptedSecret").asText()));
                }
            }
            new SecretSearch().eventStore("identity event store", eventStoreData)
                    .kafka(INFRA.kafkaBootstrapServers())
                    .mongo(INFRA.mongoUri(""))
                    .text("test output", output.getAll())
                    .assertVisibleIn("identity event store table domainevententry", OPERATOR_EMAIL)
                    .assertVisibleIn("Kafka topic " + Topics.IDENTITY_USER, OPERATOR_EMAIL)
                    .assertVisibleIn("MongoDB", OPERATOR_EMAIL)
                    .assertNoneOf(secrets);

            var records = ContractAssertions.assertEveryRecordConforms(INFRA.kafkaBootstrapServers(),
                    EventCatalogue.ALL.stream().filter(e -> e.source().equals(EventCatalogue.IDENTITY_SERVICE)).toList());
            assertThat(records).filteredOn(r -> "dev.attest.identity.LoginSucceeded.v1".equals(
                    TopicRecorder.header(r, "ce_type"))).extracting(r -> JSON.readTree(r.value()).path("context"))
                    .as("the operator's login, in no client").anyMatch(c -> c.path("clientId").isNull());
        } finally {
            IDENTITY_TOPIC.close();
            PROVIDER.close();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate eventStore;
    @Autowired
    DataSource eventStoreData;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    org.axonframework.config.Configuration axon;

    /** The read models' queries by user and by client find their documents by index, not by a collection scan. */
    @Test
    void theReadModelsAreIndexedForTheirQueries() {
        assertThat(indexes("access_memberships")).contains(List.of("userId", "clientId"));
        assertThat(indexes("sessions")).contains(List.of("userId"));
        assertThat(indexes("api_keys")).contains(List.of("userId"));
        assertThat(indexes("users")).contains(List.of("mainClientId", "email"), List.of("searchKeys"));
    }

    private List<List<String>> indexes(String collection) {
        return mongo.indexOps(collection).getIndexInfo().stream()
                .map(index -> index.getIndexFields().stream()
                        .map(org.springframework.data.mongodb.core.index.IndexField::getKey).toList())
                .toList();
    }

    @Test
    void theOperatorLogsInWithPasswordAndEmailedCode() throws Exception {
        JsonNode tokens = logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD);
        assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expiresIn").asInt()).isBetween(60, 600);

        HttpResponse<String> me = get("/api/v1/me", tokens.path("accessToken").asText());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("operator").asBoolean()).isTrue();
    }

    @Test
    void aClientAdministratorIsCreatedSetsAPasswordAndCreatesAColleague() throws Exception {
        String clientId = UUID.randomUUID().toString();
        String groupId = UUID.randomUUID().toString();
        String adminEmail = "admin-" + clientId.substring(0, 8) + "@acme.test";
        membership(new ClientCreated(context(clientId, clientId), clientId, "Acme", groupId,
                new ClientCreated.Administrator(adminEmail, "Ada", "Lovelace", "en")));
        membership(new UserGroupCreated(context(groupId, clientId), groupId, clientId, "Administrators",
                EnumSet.allOf(Permission.class), false));

        JsonNode link = awaitEvent("PasswordSetupLinkIssued.v1", adminEmail);
        String adminId = link.path("userId").asText();
        String setupToken = adminId + "." + secretOf(link);

        assertThat(post("/api/v1/auth/password/set", Map.of("token", setupToken, "password", "password1"), null)
                .statusCode()).as("a common password is refused").isEqualTo(400);
        String adminPassword = "correct horse battery " + UUID.randomUUID();
        assertThat(post("/api/v1/auth/password/set", Map.of("token", setupToken, "password", adminPassword), null)
                .statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/auth/password/set", Map.of("token", setupToken, "password", adminPassword), null)
                .statusCode()).as("the link is single-use").isEqualTo(410);

        membership(new MembershipStarted(context(adminId, clientId), UUID.randomUUID().toString(), adminId, clientId,
                MembershipStarted.Kind.MAIN, List.of(groupId)));
        JsonNode tokens = logIn(adminEmail, adminPassword);
        String adminToken = tokens.path("accessToken").asText();

        String colleagueEmail = "grace-" + clientId.substring(0, 8) + "@acme.test";
        HttpResponse<String> created = await().atMost(Duration.ofSeconds(20)).until(
                () -> post("/api/v1/users", Map.of("email", colleagueEmail, "firstName", "Grace",
                        "lastName", "Hopper"), adminToken), r -> r.statusCode() != 403);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location"))
                .hasValue("/api/v1/users/" + JSON.readTree(created.body()).path("id").asText());

        HttpResponse<String> duplicate = post("/api/v1/users", Map.of("email", colleagueEmail.toUpperCase(),
                "firstName", "Grace", "lastName", "Again"), adminToken);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(duplicate.body()).path("type").asText()).endsWith("/email-taken");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                JSON.readTree(get("/api/v1/users", adminToken).body()).path("items").findValuesAsText("email"))
                .containsExactlyInAnyOrder(adminEmail, colleagueEmail));

        // The colleague has no group, so no permission to create users.
        JsonNode colleagueLink = awaitEvent("PasswordSetupLinkIssued.v1", colleagueEmail);
        String colleagueId = colleagueLink.path("userId").asText();
        String colleaguePassword = "another long passphrase " + UUID.randomUUID();
        assertThat(post("/api/v1/auth/password/set", Map.of("token",
                colleagueId + "." + secretOf(colleagueLink),
                "password", colleaguePassword), null).statusCode()).isEqualTo(204);
        String colleagueToken = logIn(colleagueEmail, colleaguePassword).path("accessToken").asText();
        assertThat(post("/api/v1/users", Map.of("email", "x-" + colleagueEmail, "firstName", "X", "lastName", "Y"),
                colleagueToken).statusCode()).isEqualTo(403);

        assertThat(IDENTITY_TOPIC.ofType("UserCreated.v1", b -> b.contains(colleagueEmail))).hasSize(1);

        // Once handed on, the encrypted secrets are destroyed; no stored event ever held one.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                eventStore.queryForObject("select count(*) from pending_secret", Integer.class)).isZero());
        assertThat(eventStore.queryForList("select payload from domainevententry", byte[].class))
                .extracting(p -> new String(p, StandardCharsets.UTF_8)).noneMatch(p -> p.contains("eyJ"));
        assertThat(IDENTITY_TOPIC.records()).filteredOn(r -> r.topic().equals(Topics.IDENTITY_USER))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).noneMatch(p -> p.contains("eyJ"));
    }

    @Test
    void aClientCreatedReplayedIntoARebuiltDatabaseChangesNothing() {
        String clientId = UUID.randomUUID().toString();
        String email = "replayed-" + clientId.substring(0, 8) + "@acme.test";
        ClientCreated created = new ClientCreated(context(clientId, clientId), clientId, "Replayed",
                UUID.randomUUID().toString(), new ClientCreated.Administrator(email, "Rita", "R", "en"));
        membership(created);
        awaitEvent("UserCreated.v1", email);

        // The same event again after the inbox forgot its id (a rebuilt MongoDB): no second user, and no
        // false rejection of an administrator who exists.
        mongo.remove(org.springframework.data.mongodb.core.query.Query.query(org.springframework.data.mongodb.core
                .query.Criteria.where("_id").is(created.context().eventId().toString())), "inbox");
        membership(created);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            assertThat(IDENTITY_TOPIC.ofType("AdministratorRejected.v1", b -> b.contains(clientId))).isEmpty();
            assertThat(IDENTITY_TOPIC.ofType("UserCreated.v1", b -> b.contains(email))).hasSize(1);
        });
    }

    @Test
    void twoCreationsOfOneAddressAtTheSameInstantMakeOneAccount() throws Exception {
        String adminToken = administratorOfANewClient();
        String email = "twice-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        List<HttpRequest> requests = new java.util.ArrayList<>();
        for (String firstName : List.of("Ann", "Bob")) {
            requests.add(HttpRequest.newBuilder(uri("/api/v1/users")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Map.of("email", email, "firstName", firstName, "lastName", "T"))))
                    .build());
        }
        var answers = requests.stream().map(r -> HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString())).toList();
        List<Integer> statuses = answers.stream().map(java.util.concurrent.CompletableFuture::join)
                .map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(IDENTITY_TOPIC.ofType("UserCreated.v1", b -> b.contains(email))).hasSize(1));
        assertThat(eventStore.queryForObject("select count(*) from email_registry where email = ?", Integer.class, email))
                .isEqualTo(1);
    }

    @Test
    void aClientWhoseAdministratorAddressIsTakenGetsARejectionNotAUser() {
        String clientId = UUID.randomUUID().toString();
        membership(new ClientCreated(context(clientId, clientId), clientId, "Copycat", UUID.randomUUID().toString(),
                new ClientCreated.Administrator(OPERATOR_EMAIL, "Mallory", "M", "en")));

        JsonNode rejected = awaitEvent("AdministratorRejected.v1", clientId);
        assertThat(rejected.path("email").asText()).isEqualTo(OPERATOR_EMAIL);
        assertThat(rejected.path("reason").asText()).isEqualTo("EMAIL_TAKEN");
        assertThat(rejected.path("context").path("clientId").asText()).isEqualTo(clientId);
        assertThat(IDENTITY_TOPIC.ofType("UserCreated.v1", b -> b.contains(clientId))).isEmpty();
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() throws Exception {
        String operatorId = UUID.nameUUIDFromBytes(("operator:" + OPERATOR_EMAIL).getBytes(StandardCharsets.UTF_8))
                .toString();
        int failedBefore = wrongPasswordsOf(operatorId);
        SECRETS.add("not the password at all");
        HttpResponse<String> wrongPassword = post("/api/v1/auth/login",
                Map.of("email", OPERATOR_EMAIL, "password", "not the password at all"), null);
        HttpResponse<String> unknownEmail = post("/api/v1/auth/login",
                Map.of("email", "nobody@attest.test", "password", "not the password at all"), null);
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> wrongPasswordsOf(operatorId) == failedBefore + 1);
    }

    @Test
    void usersOfAnotherClientAndItsGroupsAreInvisible() throws Exception {
        String adminToken = administratorOfANewClient();
        String otherAdminToken = administratorOfANewClient();
        JsonNode other = JSON.readTree(get("/api/v1/me", otherAdminToken).body());
        String otherUserId = other.path("id").asText();
        JsonNode me = JSON.readTree(get("/api/v1/me", adminToken).body());
        assertThat(get("/api/v1/users/" + me.path("id").asText(), adminToken).statusCode()).isEqualTo(200);

        HttpResponse<String> foreignUser = get("/api/v1/users/" + otherUserId, adminToken);
        assertThat(foreignUser.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(foreignUser.body()).path("type").asText())
                .isEqualTo("https://attest.dev/problems/user-not-found");
        assertThat(foreignUser.body()).as("nothing of the other user").doesNotContain(other.path("email").asText());
        HttpResponse<String> nobody = get("/api/v1/users/" + UUID.randomUUID(), adminToken);
        assertThat(nobody.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(nobody.body()).properties()).as("another client's user looks like nobody")
                .filteredOn(field -> !field.getKey().equals("instance"))
                .containsExactlyElementsOf(JSON.readTree(foreignUser.body()).properties().stream()
                        .filter(field -> !field.getKey().equals("instance")).toList());

        String foreignGroup = groupsOf(other.path("mainClientId").asText()).get(0);
        String email = "grouped-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        HttpResponse<String> foreignGroupIds = post("/api/v1/users", Map.of("email", email, "firstName", "Gus",
                "lastName", "G", "groupIds", List.of(foreignGroup)), adminToken);
        assertThat(foreignGroupIds.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(foreignGroupIds.body()).path("type").asText())
                .isEqualTo("https://attest.dev/problems/unknown-group");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                assertThat(IDENTITY_TOPIC.ofType("UserCreated.v1", b -> b.contains(email))).isEmpty());
        assertThat(eventStore.queryForObject("select count(*) from email_registry where email = ?", Integer.class,
                email)).isZero();
    }

    @Test
    void namesChangeByTheUserOrAnAdministratorOneVersionAtATime() throws Exception {
        String adminToken = administratorOfANewClient();
        String email = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String userId = JSON.readTree(post("/api/v1/users", Map.of("email", email, "firstName", "Grace",
                "lastName", "Hopper"), adminToken).body()).path("id").asText();
        HttpResponse<String> read = await().atMost(Duration.ofSeconds(20)).until(
                () -> get("/api/v1/users/" + userId, adminToken), r -> r.statusCode() == 200);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"0\"");

        // e + combining grave, with spaces around: stored as one character, trimmed
        HttpResponse<String> changed = patch("/api/v1/users/" + userId, Map.of("firstName", "  Gra\u0300ce "), adminToken,
                etag);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        String newTag = changed.headers().firstValue("ETag").orElseThrow();
        assertThat(newTag).isNotEqualTo(etag);
        assertProblem(patch("/api/v1/users/" + userId, Map.of("lastName", "Murray"), adminToken, etag), 412,
                "precondition-failed");
        JsonNode renamed = JSON.readTree(awaitEvent("PersonalDataChanged.v1", userId).toString());
        assertThat(renamed.path("firstName").asText()).isEqualTo("Gr\u00e0ce");
        assertThat(renamed.path("lastName").asText()).isEqualTo("Hopper");
        assertThat(renamed.path("context").path("actor").asText())
                .isEqualTo(JSON.readTree(get("/api/v1/me", adminToken).body()).path("id").asText());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> now = get("/api/v1/users/" + userId, adminToken);
            assertThat(JSON.readTree(now.body()).path("firstName").asText()).isEqualTo("Gr\u00e0ce");
            assertThat(now.headers().firstValue("ETag")).hasValue(newTag);
        });
        assertThat(patch("/api/v1/users/" + userId, Map.of("lastName", "Murray"), adminToken, newTag).statusCode())
                .isEqualTo(204);

        assertProblem(patch("/api/v1/users/" + userId, Map.of("email", "other@acme.test"), adminToken, null), 403,
                "email-not-editable");
        assertProblem(patch("/api/v1/users/" + userId, Map.of("mainClientId", "elsewhere"), adminToken, null), 400,
                "bad-request");
        assertProblem(patch("/api/v1/users/" + userId, Map.of("firstName", "Ada\u200b"), adminToken, null), 400,
                "invalid-request");
        assertProblem(patch("/api/v1/users/" + userId, Map.of("firstName", "x".repeat(101)), adminToken, null), 400,
                "invalid-request");
        String otherAdmin = administratorOfANewClient();
        assertProblem(patch("/api/v1/users/" + userId, Map.of("firstName", "Mallory"), otherAdmin, null), 404,
                "user-not-found");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(IDENTITY_TOPIC.ofType("PersonalDataChanged.v1", b -> b.contains(userId))).hasSize(2));
    }

    @Test
    void usersAreFoundByAnyPrefixOfTheirAddressOrNamesWhateverTheCaseAndAccents() throws Exception {
        String adminToken = administratorOfANewClient();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (List<String> user : List.of(List.of("jose-" + run + "@acme.test", "Jos\u00e9", "N\u00fa\u00f1ez"),
                List.of("maria-" + run + "@acme.test", "Mar\u00eda", "Garc\u00eda"))) {
            assertThat(post("/api/v1/users", Map.of("email", user.get(0), "firstName", user.get(1), "lastName",
                    user.get(2)), adminToken).statusCode()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(found("jose", adminToken)).containsExactly("jose-" + run + "@acme.test"));
        assertThat(found("NUNEZ", adminToken)).containsExactly("jose-" + run + "@acme.test");
        assertThat(found("maria garc", adminToken)).containsExactly("maria-" + run + "@acme.test");
        assertThat(found("garcia mar", adminToken)).containsExactly("maria-" + run + "@acme.test");
        assertThat(found("MARIA-" + run, adminToken)).containsExactly("maria-" + run + "@acme.test");
        assertThat(found(".*", adminToken)).as("taken literally").isEmpty();
        assertThat(found("ez", adminToken)).as("a prefix, not any part").isEmpty();
        String otherAdmin = administratorOfANewClient();
        assertThat(found("jose", otherAdmin)).as("users of another client").isEmpty();
    }

    private List<String> found(String query, String token) throws Exception {
        HttpResponse<String> page = get("/api/v1/users?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8),
                token);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return JSON.readTree(page.body()).path("items").findValuesAsText("email");
    }

    private HttpResponse<String> patch(String path, Object body, String token, String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(request);
    }

    @Test
    void aDisabledUserIsShutOutAtOnceAndLetBackInWhenEnabled() throws Exception {
        String adminToken = administratorOfANewClient();
        Account colleague = colleagueWithPassword(adminToken);
        JsonNode tokens = logIn(colleague.email(), colleague.password());
        String accessToken = tokens.path("accessToken").asText();
        assertThat(get("/api/v1/me", accessToken).statusCode()).isEqualTo(200);

        assertThat(post("/api/v1/users/" + colleague.userId() + "/disable", Map.of(), adminToken).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertProblem(get("/api/v1/me", accessToken), 401, "unauthenticated"));
        assertProblem(post("/api/v1/auth/refresh", Map.of("refreshToken", tokens.path("refreshToken").asText()), null),
                401, "invalid-refresh-token");
        assertProblem(post("/api/v1/auth/login", Map.of("email", colleague.email(), "password", colleague.password()),
                null), 403, "user-disabled");
        assertProblem(post("/api/v1/auth/login", Map.of("email", colleague.email(), "password", "not the password"),
                null), 401, "invalid-credentials");
        awaitEvent("UserDisabled.v1", colleague.userId());
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get("/api/v1/users/" + colleague.userId(),
                adminToken).body()).path("disabled").asBoolean());

        String adminId = JSON.readTree(get("/api/v1/me", adminToken).body()).path("id").asText();
        assertProblem(post("/api/v1/users/" + adminId + "/disable", Map.of(), adminToken), 409,
                "cannot-disable-yourself");
        assertProblem(post("/api/v1/users/" + colleague.userId() + "/enable", Map.of(), administratorOfANewClient()),
                404, "user-not-found");

        assertThat(post("/api/v1/users/" + colleague.userId() + "/enable", Map.of(), adminToken).statusCode())
                .isEqualTo(204);
        awaitEvent("UserEnabled.v1", colleague.userId());
        String again = logIn(colleague.email(), colleague.password()).path("accessToken").asText();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/me", again).statusCode() == 200);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", tokens.path("refreshToken").asText()), null)
                .statusCode()).as("the session the disable ended stays ended").isEqualTo(401);
    }

    @Test
    void aChangedPasswordKeepsOnlyTheSessionItWasChangedFrom() throws Exception {
        Account account = newAccountWithPassword();
        JsonNode here = logIn(account.email(), account.password());
        JsonNode elsewhere = logIn(account.email(), account.password());
        String newPassword = "a changed passphrase " + UUID.randomUUID();
        SECRETS.add(newPassword);

        assertProblem(put("/api/v1/me/password", Map.of("currentPassword", "not it", "newPassword", newPassword),
                here.path("accessToken").asText()), 403, "wrong-current-password");
        assertProblem(put("/api/v1/me/password", Map.of("currentPassword", account.password(), "newPassword",
                "password1"), here.path("accessToken").asText()), 400, "weak-password");
        assertThat(put("/api/v1/me/password", Map.of("currentPassword", account.password(), "newPassword",
                newPassword), here.path("accessToken").asText()).statusCode()).isEqualTo(204);

        JsonNode changed = awaitEvent("PasswordChanged.v1", account.userId());
        assertThat(changed.path("reason").asText()).isEqualTo("CHANGED");
        JsonNode notice = JSON.readTree(await().atMost(Duration.ofSeconds(20)).until(() -> IDENTITY_TOPIC.ofType(
                "NoticeMailRequested.v1", b -> b.contains(account.userId())), l -> !l.isEmpty()).get(0).value());
        assertThat(notice.path("template").asText()).isEqualTo("PASSWORD_CHANGED");
        assertThat(notice.path("recipient").asText()).isEqualTo(account.email());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertProblem(post("/api/v1/auth/refresh",
                Map.of("refreshToken", elsewhere.path("refreshToken").asText()), null), 401, "invalid-refresh-token"));
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", here.path("refreshToken").asText()), null)
                .statusCode()).as("the session it was changed from goes on").isEqualTo(200);
        assertProblem(post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()),
                null), 401, "invalid-credentials");
        logIn(account.email(), newPassword);
    }

    @Test
    void aForgottenPasswordIsResetByAMailedLinkThatEndsEverySession() throws Exception {
        Account account = newAccountWithPassword();
        JsonNode session = logIn(account.email(), account.password());

        HttpResponse<String> known = post("/api/v1/auth/password/forgot", Map.of("email", account.email()), null);
        HttpResponse<String> unknown = post("/api/v1/auth/password/forgot",
                Map.of("email", "nobody-" + UUID.randomUUID() + "@acme.test"), null);
        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(known.body());

        JsonNode link = awaitEvent("PasswordResetLinkIssued.v1", account.userId());
        String token = account.userId() + "." + secretOf(link);
        assertThat(post("/api/v1/auth/password/forgot", Map.of("email", account.email().toUpperCase()), null)
                .statusCode()).isEqualTo(202);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(
                IDENTITY_TOPIC.ofType("PasswordResetLinkIssued.v1", b -> b.contains(account.userId())))
                .as("one link a minute").hasSize(1));

        String newPassword = "a reset passphrase " + UUID.randomUUID();
        SECRETS.add(newPassword);
        assertThat(post("/api/v1/auth/password/set", Map.of("token", token, "password", newPassword), null)
                .statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/auth/password/set", Map.of("token", token, "password", newPassword + "!"), null)
                .statusCode()).as("single use").isEqualTo(410);
        assertThat(awaitEvent("PasswordChanged.v1", account.userId()).path("reason").asText()).isEqualTo("RESET");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertProblem(post("/api/v1/auth/refresh",
                Map.of("refreshToken", session.path("refreshToken").asText()), null), 401, "invalid-refresh-token"));
        logIn(account.email(), newPassword);
    }

    private HttpResponse<String> put(String path, Object body, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    @Test
    void anEmailChangeIsConfirmedAtTheCurrentAddressVerifiedAtTheNewOneAndUndoneFromTheOld() throws Exception {
        Account account = newAccountWithPassword();
        JsonNode session = logIn(account.email(), account.password());
        String token = session.path("accessToken").asText();
        String newEmail = "moved-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";

        assertThat(post("/api/v1/me/email-change", Map.of("newEmail", newEmail), token).statusCode()).isEqualTo(202);
        JsonNode toCurrent = secretMailTo(account.userId(), "EMAIL_CHANGE_CURRENT");
        assertThat(toCurrent.path("recipient").asText()).isEqualTo(account.email());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(JSON.readTree(get("/api/v1/me", token)
                .body()).path("pendingEmailChange").path("step").asText()).isEqualTo("CONFIRM_CURRENT"));
        String currentCode = decrypt(toCurrent.path("encryptedSecret").asText());
        assertProblem(post("/api/v1/me/email-change/confirm", Map.of("code", wrong(currentCode)), token), 400,
                "wrong-email-change-code");
        assertProblem(post("/api/v1/me/email-change/verify", Map.of("code", currentCode), token), 410,
                "email-change-expired");
        assertThat(post("/api/v1/me/email-change/confirm", Map.of("code", currentCode), token).statusCode())
                .isEqualTo(202);

        JsonNode toNew = secretMailTo(account.userId(), "EMAIL_CHANGE_NEW");
        assertThat(toNew.path("recipient").asText()).isEqualTo(newEmail);
        assertThat(post("/api/v1/me/email-change/verify", Map.of("code", decrypt(toNew.path("encryptedSecret").asText())),
                token).statusCode()).isEqualTo(204);
        JsonNode changed = awaitEvent("EmailChanged.v1", account.userId());
        assertThat(changed.path("oldEmail").asText()).isEqualTo(account.email());
        assertThat(changed.path("newEmail").asText()).isEqualTo(newEmail);
        assertProblem(post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()),
                null), 401, "invalid-credentials");
        logIn(newEmail, account.password());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode me = JSON.readTree(get("/api/v1/me", token).body());
            assertThat(me.path("email").asText()).isEqualTo(newEmail);
            assertThat(me.path("pendingEmailChange").isNull()).isTrue();
        });

        // "This was not me": from the old address
        JsonNode notice = secretMailTo(account.userId(), "EMAIL_CHANGED");
        assertThat(notice.path("recipient").asText()).isEqualTo(account.email());
        String revertToken = account.userId() + "." + decrypt(notice.path("encryptedSecret").asText());
        assertThat(post("/api/v1/auth/email-change/revert", Map.of("token", revertToken), null).statusCode())
                .isEqualTo(204);
        assertProblem(post("/api/v1/auth/email-change/revert", Map.of("token", revertToken), null), 410,
                "invalid-revert-link");
        assertThat(awaitEvent("EmailChangeReverted.v1", account.userId()).path("email").asText())
                .isEqualTo(account.email());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertProblem(post("/api/v1/auth/refresh",
                Map.of("refreshToken", session.path("refreshToken").asText()), null), 401, "invalid-refresh-token"));
        assertProblem(post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()),
                null), 401, "invalid-credentials");
        JsonNode reset = awaitEvent("PasswordResetLinkIssued.v1", account.userId());
        assertThat(reset.path("email").asText()).isEqualTo(account.email());
        String newPassword = "after the scare " + UUID.randomUUID();
        SECRETS.add(newPassword);
        assertThat(post("/api/v1/auth/password/set", Map.of("token", account.userId() + "." + secretOf(reset),
                "password", newPassword), null).statusCode()).isEqualTo(204);
        logIn(account.email(), newPassword);
        assertThat(eventStore.queryForObject("select count(*) from email_registry where email = ?", Integer.class,
                newEmail)).as("the new address is free again").isZero();
    }

    /** The internal secret mail of this user with this template, the latest. */
    private static JsonNode secretMailTo(String userId, String template) throws Exception {
        var found = await().atMost(Duration.ofSeconds(30)).until(() -> IDENTITY_TOPIC.ofType("SecretMailRequested.v1",
                b -> b.contains("\"" + template + "\"") && b.contains(userId)), l -> !l.isEmpty());
        return JSON.readTree(found.get(found.size() - 1).value());
    }

    @Test
    void anAuthenticatorAppIsSetUpFromItsQrCodeThenLogsInOncePerCodeWithRecoveryCodesAsSpare() throws Exception {
        Account account = newAccountWithPassword();
        String token = logIn(account.email(), account.password()).path("accessToken").asText();
        JsonNode settings = JSON.readTree(get("/api/v1/me/two-factor", token).body());
        assertThat(settings.path("enabled").asBoolean()).as("e-mail codes are on by default").isTrue();
        assertThat(settings.path("method").asText()).isEqualTo("EMAIL");
        assertThat(settings.path("enforcedByClient").asBoolean()).isFalse();

        assertProblem(post("/api/v1/me/two-factor/totp", Map.of(), token), 401, "reauthentication-required");
        assertProblem(post("/api/v1/me/reauthentication", Map.of("password", "not the password"), token), 403,
                "wrong-current-password");
        String reauthentication = reauthenticateByMail(token, account.password());
        assertProblem(send(HttpRequest.newBuilder(uri("/api/v1/me/two-factor/totp")).header("Authorization",
                "Bearer " + logIn(account.email(), account.password()).path("accessToken").asText())
                .header("Reauthentication", reauthentication).POST(HttpRequest.BodyPublishers.noBody())), 401,
                "reauthentication-required"); // another session's token

        JsonNode setup = JSON.readTree(withReauthentication("POST", "/api/v1/me/two-factor/totp", token,
                reauthentication).body());
        String uri = setup.path("otpauthUri").asText();
        assertThat(uri).startsWith("otpauth://totp/Attest:").contains("issuer=Attest", "digits=6", "period=30",
                "secret=" + setup.path("secret").asText());
        String dataUrl = setup.path("qrCode").asText();
        assertThat(dev.attest.identity.secondfactor.QrCodesTest.decode(java.util.Base64.getDecoder().decode(
                dataUrl.substring(dataUrl.indexOf(',') + 1)))).isEqualTo(uri);
        HttpResponse<byte[]> qr = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/me/two-factor/totp/qr"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(qr.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(dev.attest.identity.secondfactor.QrCodesTest.decode(qr.body())).isEqualTo(uri);
        SECRETS.addAll(List.of(setup.path("secret").asText(), reauthentication));

        IndependentTotp app = IndependentTotp.fromUri(uri);
        String setupId = setup.path("setupId").asText();
        String now = app.codeAt(Instant.now());
        assertProblem(post("/api/v1/me/two-factor/totp/confirm", Map.of("setupId", setupId, "code", wrong(now)), token),
                400, "wrong-setup-code");
        HttpResponse<String> confirmed = post("/api/v1/me/two-factor/totp/confirm",
                Map.of("setupId", setupId, "code", now), token);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> recoveryCodes = new ArrayList<>();
        JSON.readTree(confirmed.body()).path("recoveryCodes").forEach(code -> recoveryCodes.add(code.asText()));
        SECRETS.addAll(recoveryCodes);
        assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();
        JsonNode changed = awaitEvent("SecondFactorChanged.v1", account.userId());
        assertThat(changed.path("change").asText()).isEqualTo("AUTHENTICATOR_APP_CONFIGURED");
        assertThat(changed.path("method").asText()).isEqualTo("TOTP");
        assertNoticesSent(account.userId(), "AUTHENTICATOR_APP_CONFIGURED");

        // A login asks the app; nothing is mailed. The next step's code works once, never again.
        long step = Instant.now().getEpochSecond() / 30 + 1;
        String challengeId = passwordStepOf(account, "TOTP");
        HttpResponse<String> tokens = secondFactor(challengeId, app.codeOfStep(step));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(IDENTITY_TOPIC.ofType("SecondFactorCodeIssued.v1", b -> b.contains(challengeId))).isEmpty();
        String replay = passwordStepOf(account, "TOTP");
        assertProblem(secondFactor(replay, app.codeOfStep(step)), 401, "wrong-code");
        HttpResponse<String> byRecoveryCode = post("/api/v1/auth/login/second-factor",
                Map.of("challengeId", replay, "recoveryCode", recoveryCodes.get(0).toUpperCase()), null);
        assertThat(byRecoveryCode.statusCode()).as(byRecoveryCode.body()).isEqualTo(200);
        assertProblem(post("/api/v1/auth/login/second-factor", Map.of("challengeId", passwordStepOf(account, "TOTP"),
                "recoveryCode", recoveryCodes.get(0)), null), 401, "wrong-code");
        assertThat(awaitChange(account.userId(), "RECOVERY_CODE_USED").path("recoveryCodesLeft").asInt()).isEqualTo(9);
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get("/api/v1/me/two-factor", token).body())
                .path("recoveryCodesLeft").asInt() == 9);

        // A recovery code re-authenticates too; then new codes, back to e-mail codes, and off.
        String again = reauthenticate(token, account.password(), Map.of("recoveryCode", recoveryCodes.get(1)));
        HttpResponse<String> renewed = withReauthentication("POST", "/api/v1/me/two-factor/recovery-codes", token, again);
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(200);
        JSON.readTree(renewed.body()).path("recoveryCodes").forEach(code -> SECRETS.add(code.asText()));
        assertThat(awaitChange(account.userId(), "RECOVERY_CODES_RENEWED").path("recoveryCodesLeft").asInt())
                .isEqualTo(10);
        HttpResponse<String> removed = withReauthentication("DELETE", "/api/v1/me/two-factor/totp", token, again);
        assertThat(JSON.readTree(removed.body()).path("method").asText()).as(removed.body()).isEqualTo("EMAIL");
        assertThat(passwordStepOf(account, "EMAIL")).isNotBlank();
        assertProblem(put("/api/v1/me/two-factor", Map.of("enabled", false), token), 401, "reauthentication-required");
        HttpResponse<String> off = send(HttpRequest.newBuilder(uri("/api/v1/me/two-factor"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("Reauthentication", again).PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
        assertThat(JSON.readTree(off.body()).path("enabled").asBoolean()).as(off.body()).isFalse();
        HttpResponse<String> passwordOnly = post("/api/v1/auth/login",
                Map.of("email", account.email(), "password", account.password()), null);
        assertThat(JSON.readTree(passwordOnly.body()).path("accessToken").asText()).as(passwordOnly.body()).isNotBlank();
        SECRETS.add(JSON.readTree(passwordOnly.body()).path("accessToken").asText());
        assertThat(awaitEvent("LoginSucceeded.v1", "\"NONE\"").path("userId").asText()).isNotBlank();
        assertThat(put("/api/v1/me/two-factor", Map.of("enabled", true), token).statusCode()).isEqualTo(200);
        assertNoticesSent(account.userId(), "RECOVERY_CODE_USED", "RECOVERY_CODES_RENEWED", "AUTHENTICATOR_APP_REMOVED",
                "TWO_FACTOR_DISABLED", "TWO_FACTOR_ENABLED");
    }

    @Test
    void aClientThatRequiresAnAppLeadsItsUsersThroughSetUpBeforeTheyGetTokens() throws Exception {
        Administrator admin = administrator();
        String policy = "/api/v1/clients/" + admin.clientId() + "/policy";
        assertProblem(patch(policy, Map.of("requireTwoFactor", false, "requireAuthenticatorApp", true), admin.token(), null),
                400, "invalid-request");
        assertProblem(patch("/api/v1/clients/" + UUID.randomUUID() + "/policy", Map.of("requireTwoFactor", true),
                admin.token(), null), 404, "client-not-found");
        Account colleague = colleagueWithPassword(admin.token());
        String colleagueToken = logIn(colleague.email(), colleague.password()).path("accessToken").asText();
        assertProblem(patch(policy, Map.of("requireTwoFactor", true), colleagueToken, null), 403, "missing-permission");

        HttpResponse<String> set = patch(policy, Map.of("requireAuthenticatorApp", true), admin.token(), null);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).path("requireTwoFactor").asBoolean()).isTrue();
        assertThat(JSON.readTree(get(policy, colleagueToken).body()).path("requireAuthenticatorApp").asBoolean())
                .isTrue();
        JsonNode published = awaitEvent("ClientTwoFactorPolicyChanged.v1", admin.clientId());
        assertThat(published.path("requireAuthenticatorApp").asBoolean()).isTrue();

        // The colleague's login: password, the mailed code, then the app the client requires, then tokens.
        String challengeId = passwordStepOf(colleague, "EMAIL");
        HttpResponse<String> setupRequired = secondFactor(challengeId, codeOf(challengeId));
        JsonNode setup = JSON.readTree(setupRequired.body());
        assertThat(setup.path("status").asText()).as(setupRequired.body()).isEqualTo("SETUP_REQUIRED");
        assertThat(setup.path("missing").asText()).isEqualTo("AUTHENTICATOR_APP");
        assertThat(setup.has("accessToken")).isFalse();
        SECRETS.add(setup.path("secret").asText());
        IndependentTotp app = IndependentTotp.fromUri(setup.path("otpauthUri").asText());
        assertProblem(post("/api/v1/auth/login/totp/confirm", Map.of("setupId", setup.path("setupId").asText(),
                "code", wrong(app.codeAt(Instant.now()))), null), 400, "wrong-setup-code");
        HttpResponse<String> completed = post("/api/v1/auth/login/totp/confirm",
                Map.of("setupId", setup.path("setupId").asText(), "code", app.codeAt(Instant.now())), null);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(completed.body());
        assertThat(tokens.path("recoveryCodes")).hasSize(10);
        tokens.path("recoveryCodes").forEach(code -> SECRETS.add(code.asText()));
        String token = tokens.path("accessToken").asText();
        SECRETS.add(token);
        assertThat(get("/api/v1/me", token).statusCode()).isEqualTo(200);
        assertProblem(post("/api/v1/auth/login/totp/confirm", Map.of("setupId", setup.path("setupId").asText(),
                "code", app.codeAt(Instant.now())), null), 404, "totp-setup-expired");

        // Neither switched off nor back to e-mail codes while the client requires an app.
        String reauthentication = reauthenticate(token, colleague.password(),
                Map.of("recoveryCode", tokens.path("recoveryCodes").get(0).asText()));
        assertThat(withReauthentication("DELETE", "/api/v1/me/two-factor/totp", token, reauthentication).body())
                .contains("authenticator-app-required-by-client");
        HttpResponse<String> off = send(HttpRequest.newBuilder(uri("/api/v1/me/two-factor"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("Reauthentication", reauthentication).PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")));
        assertProblem(off, 409, "two-factor-required-by-client");
        JsonNode settings = JSON.readTree(get("/api/v1/me/two-factor", token).body());
        assertThat(settings.path("enforcedByClient").asBoolean()).isTrue();
        assertThat(settings.path("authenticatorAppRequiredByClient").asBoolean()).isTrue();
    }

    /**
     * With the service's clock moved: an unconfirmed set-up is gone after 15 minutes, an app's code belongs
     * to the time it was shown, and once a later code was accepted, an earlier one is refused even where
     * the clock would take it.
     */
    @Test
    void anAppsCodesFollowTheClockAndAnUnconfirmedSetUpEndsAfterFifteenMinutes() throws Exception {
        Account account = newAccountWithPassword();
        String token = logIn(account.email(), account.password()).path("accessToken").asText();
        String reauthentication = reauthenticateByMail(token, account.password());
        await().atMost(Duration.ofSeconds(20)).until(() -> eventStore.queryForObject(
                "select count(*) from pending_secret", Integer.class) == 0); // moved time must not expire a held code
        JsonNode first = JSON.readTree(withReauthentication("POST", "/api/v1/me/two-factor/totp", token,
                reauthentication).body());
        SECRETS.add(first.path("secret").asText());
        IndependentTotp firstApp = IndependentTotp.fromUri(first.path("otpauthUri").asText());
        try {
            CLOCK.shift(Duration.ofMinutes(15));
            assertProblem(post("/api/v1/me/two-factor/totp/confirm", Map.of("setupId", first.path("setupId").asText(),
                    "code", firstApp.codeAt(CLOCK.instant())), token), 404, "totp-setup-expired");
        } finally {
            CLOCK.reset();
        }

        IndependentTotp app = appSetUp(token, reauthentication);

        String challengeId = passwordStepOf(account, "TOTP");
        Instant later = Instant.now().plus(Duration.ofMinutes(2));
        try {
            CLOCK.shift(Duration.ofMinutes(2));
            assertProblem(secondFactor(challengeId, app.codeAt(Instant.now())), 401, "wrong-code");
            HttpResponse<String> accepted = secondFactor(challengeId, app.codeAt(later));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            SECRETS.add(JSON.readTree(accepted.body()).path("accessToken").asText());
        } finally {
            CLOCK.reset();
        }
        assertProblem(secondFactor(passwordStepOf(account, "TOTP"), app.codeAt(Instant.now())), 401, "wrong-code");
    }

    /** The same app code for a login and a re-authentication at the same moment: one of them gets it. */
    @Test
    void oneAppCodeSentTwiceAtOnceWorksOnce() throws Exception {
        Account account = newAccountWithPassword();
        String token = logIn(account.email(), account.password()).path("accessToken").asText();
        IndependentTotp app = appSetUp(token, reauthenticateByMail(token, account.password()));

        String code = app.codeOfStep(Instant.now().getEpochSecond() / 30 + 1);
        String login = passwordStepOf(account, "TOTP");
        String again = JSON.readTree(post("/api/v1/me/reauthentication", Map.of("password", account.password()), token)
                .body()).path("challengeId").asText();
        var both = List.of(
                java.util.concurrent.CompletableFuture.supplyAsync(() -> statusOf(() -> secondFactor(login, code))),
                java.util.concurrent.CompletableFuture.supplyAsync(() -> statusOf(() -> post(
                        "/api/v1/me/reauthentication/confirm", Map.of("challengeId", again, "code", code), token))));
        assertThat(both.stream().map(java.util.concurrent.CompletableFuture::join).toList())
                .containsExactlyInAnyOrder(200, 401);
    }

    private static int statusOf(java.util.concurrent.Callable<HttpResponse<String>> request) {
        try {
            HttpResponse<String> response = request.call();
            if (response.statusCode() == 200) {
                String body = response.body();
                JsonNode json = JSON.readTree(body);
                SECRETS.add(json.path("accessToken").asText(json.path("reauthenticationToken").asText()));
            }
            return response.statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sessionsAreListedWithWhereTheyCameFromAndOneEndedStopsItsRefreshToken() throws Exception {
        Account account = newAccountWithPassword();
        JsonNode laptop = logInFrom(account, "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "203.0.113.7");
        JsonNode phone = logInFrom(account, "Mozilla/5.0 (iPhone) Safari/605.1", "2001:db8::7");
        String laptopToken = laptop.path("accessToken").asText();
        String phoneSession = sessionOf(phone);

        JsonNode sessions = await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(
                get("/api/v1/me/sessions", laptopToken).body()).path("items"), items -> items.size() == 2);
        JsonNode current = sessions.get(0).path("current").asBoolean() ? sessions.get(0) : sessions.get(1);
        JsonNode other = current == sessions.get(0) ? sessions.get(1) : sessions.get(0);
        assertThat(current.path("id").asText()).isEqualTo(sessionOf(laptop));
        assertThat(current.path("userAgent").asText()).contains("Firefox");
        assertThat(current.path("ipAddress").asText()).isEqualTo("203.0.113.7");
        assertThat(other.path("id").asText()).isEqualTo(phoneSession);
        assertThat(other.path("ipAddress").asText()).isEqualTo("2001:db8::7");
        assertThat(other.path("current").asBoolean()).isFalse();
        assertThat(current.has("userId")).isFalse();
        assertThat(Instant.parse(current.path("createdAt").asText())).isBefore(Instant.now().plusSeconds(1));

        Account stranger = newAccountWithPassword();
        String strangerToken = logIn(stranger.email(), stranger.password()).path("accessToken").asText();
        assertProblem(delete("/api/v1/me/sessions/" + phoneSession, strangerToken), 404, "session-not-found");
        assertProblem(delete("/api/v1/me/sessions/" + account.userId(), laptopToken), 404, "session-not-found");
        assertProblem(delete("/api/v1/me/sessions/" + UUID.randomUUID(), laptopToken), 404, "session-not-found");
        HttpResponse<String> stillLive = refreshed(phone.path("refreshToken").asText());
        assertThat(stillLive.statusCode()).as("a stranger ends nothing").isEqualTo(200);
        String phoneRefresh = JSON.readTree(stillLive.body()).path("refreshToken").asText();
        SECRETS.add(secretPartOf(phoneRefresh));
        // The list shows when a session was last refreshed.
        Instant beforeLastUse = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        HttpResponse<String> used = refreshed(phoneRefresh);
        assertThat(used.statusCode()).isEqualTo(200);
        phoneRefresh = JSON.readTree(used.body()).path("refreshToken").asText();
        SECRETS.add(secretPartOf(phoneRefresh));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode item : JSON.readTree(get("/api/v1/me/sessions", laptopToken).body()).path("items")) {
                if (item.path("id").asText().equals(phoneSession) && item.hasNonNull("lastUsedAt")) {
                    return !Instant.parse(item.path("lastUsedAt").asText()).isBefore(beforeLastUse);
                }
            }
            return false;
        });

        assertThat(delete("/api/v1/me/sessions/" + phoneSession, laptopToken).statusCode()).isEqualTo(204);
        assertThat(delete("/api/v1/me/sessions/" + phoneSession, laptopToken).statusCode()).as("once is enough")
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get("/api/v1/me/sessions", laptopToken).body())
                .path("items").size() == 1);
        assertProblem(refreshed(phoneRefresh), 401, "invalid-refresh-token");
        assertThat(refreshed(laptop.path("refreshToken").asText()).statusCode()).isEqualTo(200);
    }

    /** Two tabs refresh with one token at the same instant: both go on; the token coming back later ends it all. */
    @Test
    void twoRefreshesWithOneTokenAtOnceBothWorkAndALaterReuseEndsTheSession() throws Exception {
        Account account = newAccountWithPassword();
        String refreshToken = logIn(account.email(), account.password()).path("refreshToken").asText();
        var both = List.of(
                java.util.concurrent.CompletableFuture.supplyAsync(() -> refreshed(refreshToken)),
                java.util.concurrent.CompletableFuture.supplyAsync(() -> refreshed(refreshToken)));
        List<HttpResponse<String>> answers = both.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 200);
        List<String> next = new ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            next.add(JSON.readTree(answer.body()).path("refreshToken").asText());
        }
        assertThat(next.get(0)).isNotEqualTo(next.get(1));
        String onward = JSON.readTree(refreshed(next.get(0)).body()).path("refreshToken").asText();
        assertThat(refreshed(next.get(1)).statusCode()).as("the other tab goes on too").isEqualTo(200);
        next.add(onward);
        SECRETS.addAll(next.stream().map(IdentityServiceIT::secretPartOf).toList());

        try {
            CLOCK.shift(Duration.ofSeconds(15));
            assertProblem(refreshed(refreshToken), 401, "invalid-refresh-token");
        } finally {
            CLOCK.reset();
        }
        assertProblem(refreshed(onward), 401, "invalid-refresh-token"); // the reuse ended the whole session
    }

    /** The secret of a {@code <id>.<secret>} token (refresh tokens, one-time codes), which must never leak. */
    private static String secretPartOf(String idAndSecret) {
        return idAndSecret.substring(idAndSecret.indexOf('.') + 1);
    }

    private HttpResponse<String> refreshed(String refreshToken) {
        try {
            return post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sessionOf(JsonNode tokens) {
        String refreshToken = tokens.path("refreshToken").asText();
        return refreshToken.substring(0, refreshToken.indexOf('.'));
    }

    /** A login whose second step comes from this browser and address, as the gateway would say them. */
    private JsonNode logInFrom(Account account, String userAgent, String address) throws Exception {
        String challengeId = passwordStep(account);
        HttpResponse<String> second = send(HttpRequest.newBuilder(uri("/api/v1/auth/login/second-factor"))
                .header("Content-Type", "application/json").header("User-Agent", userAgent)
                .header("X-Attest-Client-Address", address)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("challengeId", challengeId,
                        "code", codeOf(challengeId))))));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(second.body());
        String refreshToken = tokens.path("refreshToken").asText();
        SECRETS.addAll(List.of(tokens.path("accessToken").asText(), secretPartOf(refreshToken)));
        return tokens;
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).DELETE());
    }

    /**
     * The whole browser dance against a real OpenID Connect provider: an administrator creates a user who
     * signs in with it; the first sign-in binds (issuer, subject) by verified e-mail, later ones follow the
     * binding whatever e-mail the provider says; every password endpoint refuses the user; a password user's
     * address from the provider does not get in; forged state, replayed nonce, wrong audience, unverified
     * e-mail, foreign redirect and unknown provider are refused.
     */
    @Test
    void aUserMadeToSignInWithAProviderGetsInThroughItAndNeverWithAPassword() throws Exception {
        Administrator admin = administrator();
        assertThat(patch("/api/v1/clients/" + admin.clientId() + "/policy", Map.of("allowedProviders", List.of("mock")),
                admin.token(), null).statusCode()).isEqualTo(200);
        String email = "ext-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        HttpResponse<String> created = post("/api/v1/users", Map.of("email", email, "firstName", "Ext", "lastName",
                "Ernal", "signIn", Map.of("provider", "mock")), admin.token());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String userId = JSON.readTree(created.body()).path("id").asText();
        assertProblem(post("/api/v1/users", Map.of("email", "x" + email, "firstName", "X", "lastName", "Y", "signIn",
                Map.of("provider", "nowhere")), admin.token()), 400, "invalid-request");
        JsonNode welcome = awaitEvent("NoticeMailRequested.v1", email);
        assertThat(welcome.path("template").asText()).isEqualTo("WELCOME_EXTERNAL");
        assertThat(welcome.path("fields").path("provider").asText()).isEqualTo("Mock ID");
        assertThat(IDENTITY_TOPIC.ofType("PasswordSetupLinkIssued.v1", b -> b.contains(email))).isEmpty();

        URI first = externalSignIn("sub-" + userId, email, true);
        assertThat(first.toString()).startsWith(FRONTEND + "?code=");
        String code = java.net.URLDecoder.decode(first.getRawQuery().substring("code=".length()), StandardCharsets.UTF_8);
        HttpResponse<String> tokens = post("/api/v1/auth/oauth2/exchange", Map.of("code", code), null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String token = JSON.readTree(tokens.body()).path("accessToken").asText();
        SECRETS.addAll(List.of(secretPartOf(code), token));
        assertThat(JSON.readTree(get("/api/v1/me", token).body()).path("email").asText()).isEqualTo(email);
        assertProblem(post("/api/v1/auth/oauth2/exchange", Map.of("code", code), null), 401, "invalid-sign-in-code");
        assertThat(awaitEvent("ExternalIdentityLinked.v1", userId).path("provider").asText()).isEqualTo("mock");
        assertThat(awaitEvent("LoginSucceeded.v1", "\"EXTERNAL\"").path("provider").asText()).isEqualTo("mock");

        // No password, ever: every password endpoint says so; a forgotten one brings a reminder, not a link.
        assertProblem(put("/api/v1/me/password", Map.of("currentPassword", "x", "newPassword", "a new passphrase"),
                token), 409, "external-sign-in");
        assertProblem(post("/api/v1/me/reauthentication", Map.of("password", "x"), token), 409, "external-sign-in");
        assertThat(post("/api/v1/auth/password/forgot", Map.of("email", email), null).statusCode()).isEqualTo(202);
        assertThat(awaitEvent("NoticeMailRequested.v1", "SIGN_IN_WITH_PROVIDER\",\"locale").path("recipient").asText())
                .isNotBlank();
        assertThat(IDENTITY_TOPIC.ofType("PasswordResetLinkIssued.v1", b -> b.contains(userId))).isEmpty();

        // Bound on (issuer, subject): a new address at the provider changes nothing.
        URI again = externalSignIn("sub-" + userId, "renamed-" + email, true);
        assertThat(again.toString()).startsWith(FRONTEND + "?code=");

        // A password user's address from the provider, with another subject, does not get in.
        Account passwordUser = newAccountWithPassword();
        assertThat(externalSignIn("sub-intruder", passwordUser.email(), true).toString())
                .isEqualTo(FRONTEND + "?error=not-an-external-account");
        // Nor does an unverified address of an unbound external user.
        String other = "ext2-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(post("/api/v1/users", Map.of("email", other, "firstName", "Ext", "lastName", "Two", "signIn",
                Map.of("provider", "mock")), admin.token()).statusCode()).isEqualTo(201);
        assertThat(externalSignIn("sub-unverified", other, false).toString())
                .isEqualTo(FRONTEND + "?error=email-not-verified");

        // An ID token for another audience and a nonce that is not this sign-in's are refused after the exchange.
        PROVIDER.willSay("mock", "sub-" + userId, List.of("attest"), Map.of("email", email, "email_verified", true,
                "aud", List.of("someone-else")));
        assertThat(followToFrontend(signInStart().toString())).isEqualTo(URI.create(FRONTEND + "?error=invalid-id-token"));
        providerWillSay("sub-" + userId, email, true);
        String replayed = signInStart().toString().replaceAll("nonce=[^&]+", "nonce=an-old-nonce");
        assertThat(followToFrontend(replayed)).isEqualTo(URI.create(FRONTEND + "?error=invalid-id-token"));

        // A client that requires a second factor has Attest ask its own when the provider asserted none.
        assertThat(patch("/api/v1/clients/" + admin.clientId() + "/policy", Map.of("requireTwoFactor", true),
                admin.token(), null).statusCode()).isEqualTo(200);
        URI challenged = externalSignIn("sub-" + userId, email, true);
        String oneTime = java.net.URLDecoder.decode(challenged.getRawQuery().substring("code=".length()),
                StandardCharsets.UTF_8);
        JsonNode challenge = JSON.readTree(post("/api/v1/auth/oauth2/exchange", Map.of("code", oneTime), null).body());
        assertThat(challenge.path("status").asText()).as(challenge.toString()).isEqualTo("SECOND_FACTOR_REQUIRED");
        HttpResponse<String> secondStep = secondFactor(challenge.path("challengeId").asText(),
                codeOf(challenge.path("challengeId").asText()));
        assertThat(secondStep.statusCode()).as(secondStep.body()).isEqualTo(200);
        SECRETS.addAll(List.of(secretPartOf(oneTime),
                JSON.readTree(secondStep.body()).path("accessToken").asText()));
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> IDENTITY_TOPIC.ofType("LoginSucceeded.v1",
                b -> b.contains(userId) && b.contains("\"EMAIL\"") && b.contains("\"EXTERNAL\"")), l -> !l.isEmpty()))
                .isNotEmpty();

        assertProblem(get("/api/v1/auth/oauth2/mock/callback?code=x&state=forged", null), 400, "invalid-oauth2-state");
        assertProblem(get("/api/v1/auth/oauth2/mock?redirect_uri=http://evil.test/", null), 400, "invalid-redirect-uri");
        assertProblem(get("/api/v1/auth/oauth2/nowhere?redirect_uri=" + FRONTEND, null), 404, "unknown-provider");
    }

    /** What the provider says of the next sign-in: this subject, with this e-mail. */
    private static void providerWillSay(String subject, String email, boolean verified) {
        PROVIDER.willSay("mock", subject, List.of("attest"), Map.of("email", email, "email_verified", verified));
    }

    /** A whole sign-in in which the provider vouches for subject and e-mail: where the browser ends up. */
    private URI externalSignIn(String subject, String email, boolean verified) throws Exception {
        providerWillSay(subject, email, verified);
        return followToFrontend(signInStart().toString());
    }

    /** GET /api/v1/auth/oauth2/mock: where it sends the browser (the provider's authorization endpoint). */
    private URI signInStart() throws Exception {
        HttpResponse<String> start = get("/api/v1/auth/oauth2/mock?redirect_uri=" + FRONTEND, null);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getQuery()).contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=",
                "scope=openid email profile");
        return authorize;
    }

    /** The browser's way from the provider's authorization endpoint back to the frontend. */
    private URI followToFrontend(String authorize) throws Exception {
        HttpResponse<String> atProvider = HTTP.send(HttpRequest.newBuilder(URI.create(authorize)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).as(atProvider.body()).isEqualTo(302);
        URI callback = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/api/v1/auth/oauth2/mock/callback");
        HttpResponse<String> back = get(callback.getRawPath() + "?" + callback.getRawQuery(), null);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        return URI.create(back.headers().firstValue("Location").orElseThrow());
    }

    record Administrator(String clientId, String token, String userId, String email, String password,
                         String refreshToken) {
    }

    /** A user's clients, main and guest, and a switch to the guest one: a new session there, the old one ended. */
    @Test
    void aUserSeesHerClientsAndSwitchesToOneSheIsAGuestOf() throws Exception {
        Administrator ada = administrator();
        String guestClient = UUID.randomUUID().toString();
        String guestGroup = UUID.randomUUID().toString();
        membership(new ClientCreated(context(guestClient, guestClient), guestClient, "Beta Bank", guestGroup,
                new ClientCreated.Administrator("admin-" + guestClient.substring(0, 8) + "@beta.test", "Bea", "Admin",
                        "en")));
        membership(new UserGroupCreated(context(guestGroup, guestClient), guestGroup, guestClient, "Readers",
                EnumSet.of(Permission.USERS_READ), false));
        String guestMembership = UUID.randomUUID().toString();
        membership(new MembershipStarted(context(guestMembership, guestClient), guestMembership,
                ada.userId(), guestClient, MembershipStarted.Kind.GUEST, List.of(guestGroup)));

        JsonNode clients = await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(
                get("/api/v1/me/clients", ada.token()).body()).path("items"), items -> items.size() == 2);
        assertThat(clients.get(0).path("clientId").asText()).isEqualTo(ada.clientId());
        assertThat(clients.get(0).path("kind").asText()).isEqualTo("MAIN");
        assertThat(clients.get(0).path("active").asBoolean()).isTrue();
        assertThat(clients.get(1).path("name").asText()).isEqualTo("Beta Bank");
        assertThat(clients.get(1).path("kind").asText()).isEqualTo("GUEST");
        assertThat(clients.get(1).path("active").asBoolean()).isFalse();

        assertProblem(post("/api/v1/auth/switch-client", Map.of("clientId", guestClient), null), 401, "unauthenticated");
        assertProblem(post("/api/v1/auth/switch-client", Map.of("clientId", UUID.randomUUID().toString()), ada.token()),
                404, "client-not-found");
        HttpResponse<String> switched = post("/api/v1/auth/switch-client", Map.of("clientId", guestClient), ada.token());
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        String guestToken = JSON.readTree(switched.body()).path("accessToken").asText();
        SECRETS.add(guestToken);
        var claims = com.nimbusds.jwt.SignedJWT.parse(guestToken).getJWTClaimsSet();
        assertThat(claims.getStringClaim("cid")).isEqualTo(guestClient);
        assertThat(claims.getStringClaim("mk")).isEqualTo("GUEST");
        assertThat(JSON.readTree(get("/api/v1/me/clients", guestToken).body()).path("items").get(1)
                .path("active").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/api/v1/users", guestToken)
                .statusCode()).as("a guest with USERS_READ reads the users of the guest client").isEqualTo(200));
        assertProblem(post("/api/v1/users", Map.of("email", "x-" + guestClient.substring(0, 8) + "@beta.test",
                "firstName", "X", "lastName", "Y"), guestToken), 403, "missing-permission");
        assertProblem(refreshed(ada.refreshToken()), 401, "invalid-refresh-token");
        String guestRefresh = JSON.readTree(switched.body()).path("refreshToken").asText();
        SECRETS.add(guestRefresh);

        // A group joined counts, and the guest leaves: the token for that client is refused, its session ends
        // at the next refresh, and the client can no longer be switched to.
        String auditors = UUID.randomUUID().toString();
        membership(new UserGroupCreated(context(auditors, guestClient), auditors, guestClient, "Auditors",
                EnumSet.of(Permission.USERS_MANAGE), false));
        membership(new GroupJoined(context(guestMembership, guestClient), guestMembership, ada.userId(), guestClient,
                auditors));
        await().atMost(Duration.ofSeconds(10)).until(() -> post("/api/v1/users", Map.of("email", "y-"
                + guestClient.substring(0, 8) + "@beta.test", "firstName", "Y", "lastName", "Z"), guestToken)
                .statusCode() == 201);
        membership(new ClientLeft(context(guestMembership, guestClient), guestMembership, ada.userId(), guestClient,
                ClientLeft.Reason.LEFT));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/me/clients", guestToken).statusCode() == 401);
        assertProblem(refreshed(guestRefresh), 401, "invalid-refresh-token");
        String again = logIn(ada.email(), ada.password()).path("accessToken").asText();
        assertThat(JSON.readTree(get("/api/v1/me/clients", again).body()).path("items")).hasSize(1);
        assertProblem(post("/api/v1/auth/switch-client", Map.of("clientId", guestClient), again), 404,
                "client-not-found");
    }


    /** The password step of a login whose challenge must be of {@code method}; answers the challenge id. */
    private String passwordStepOf(Account account, String method) throws Exception {
        HttpResponse<String> first = post("/api/v1/auth/login",
                Map.of("email", account.email(), "password", account.password()), null);
        JsonNode challenge = JSON.readTree(first.body());
        assertThat(challenge.path("method").asText()).as(first.body()).isEqualTo(method);
        return challenge.path("challengeId").asText();
    }

    /** An authenticator app set up and confirmed for the caller; its secret and recovery codes join SECRETS. */
    private IndependentTotp appSetUp(String token, String reauthentication) throws Exception {
        JsonNode setup = JSON.readTree(withReauthentication("POST", "/api/v1/me/two-factor/totp", token,
                reauthentication).body());
        SECRETS.add(setup.path("secret").asText());
        IndependentTotp app = IndependentTotp.fromUri(setup.path("otpauthUri").asText());
        HttpResponse<String> confirmed = post("/api/v1/me/two-factor/totp/confirm",
                Map.of("setupId", setup.path("setupId").asText(), "code", app.codeAt(Instant.now())), token);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        JSON.readTree(confirmed.body()).path("recoveryCodes").forEach(code -> SECRETS.add(code.asText()));
        return app;
    }

    private String reauthenticateByMail(String token, String password) throws Exception {
        HttpResponse<String> started = post("/api/v1/me/reauthentication", Map.of("password", password), token);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String challengeId = JSON.readTree(started.body()).path("challengeId").asText();
        return confirmReauthentication(token, challengeId, Map.of("code", codeOf(challengeId)));
    }

    /** The token of a re-authentication: the password, then {@code answer} (a code or a recovery code). */
    private String reauthenticate(String token, String password, Map<String, String> answer) throws Exception {
        HttpResponse<String> started = post("/api/v1/me/reauthentication", Map.of("password", password), token);
        assertThat(JSON.readTree(started.body()).path("method").asText()).as(started.body()).isEqualTo("TOTP");
        return confirmReauthentication(token, JSON.readTree(started.body()).path("challengeId").asText(), answer);
    }

    private String confirmReauthentication(String token, String challengeId, Map<String, String> answer)
            throws Exception {
        Map<String, String> body = new java.util.HashMap<>(answer);
        body.put("challengeId", challengeId);
        HttpResponse<String> confirmed = post("/api/v1/me/reauthentication/confirm", body, token);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        String reauthentication = JSON.readTree(confirmed.body()).path("reauthenticationToken").asText();
        SECRETS.add(reauthentication);
        return reauthentication;
    }

    private HttpResponse<String> withReauthentication(String method, String path, String token, String reauthentication)
            throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Reauthentication", reauthentication).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static JsonNode awaitChange(String userId, String change) throws Exception {
        return JSON.readTree(await().atMost(Duration.ofSeconds(20)).until(() -> IDENTITY_TOPIC.ofType(
                "SecondFactorChanged.v1", b -> b.contains(userId) && b.contains("\"change\":\"" + change + "\"")),
                l -> !l.isEmpty()).get(0).value());
    }

    /** Notices of these templates went to {@code userId}. */
    private static void assertNoticesSent(String userId, String... templates) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(IDENTITY_TOPIC.ofType(
                "NoticeMailRequested.v1", b -> b.contains(userId)).stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList())
                .satisfies(bodies -> assertThat(String.join("\n", bodies)).contains(templates)));
    }

    /** A user of the administrator's client who has set a password. */
    /**
     * API access: granted by an administrator, a key created by the user (secret once), tokens from the key by the
     * client-credentials grant, every permission in the main client whatever the groups say, nothing beyond it;
     * revoking the key or the flag stops tokens already issued.
     */
    @Test
    void anApiKeyObtainsTokensThatDoEverythingInTheMainClientAndStopWhenRevoked() throws Exception {
        Administrator ada = administrator();
        Account grace = colleagueWithPassword(ada.token());
        String graceToken = logIn(grace.email(), grace.password()).path("accessToken").asText();
        assertProblem(post("/api/v1/me/api-keys", Map.of("name", "CI"), graceToken), 409, "api-access-not-granted");
        assertProblem(put("/api/v1/users/" + grace.userId() + "/api-access", Map.of("enabled", true), graceToken), 403,
                "missing-permission");
        assertThat(put("/api/v1/users/" + grace.userId() + "/api-access", Map.of("enabled", true), ada.token())
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get("/api/v1/me", graceToken).body())
                .path("apiAccess").asBoolean());
        awaitEvent("ApiAccessGranted.v1", grace.userId());

        HttpResponse<String> created = post("/api/v1/me/api-keys", Map.of("name", "CI pipeline"), graceToken);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode key = JSON.readTree(created.body());
        String keyId = key.path("clientId").asText();
        String secret = key.path("clientSecret").asText();
        SECRETS.add(secret);
        assertThat(secret).startsWith("attest_sk_");
        awaitEvent("ApiKeyCreated.v1", keyId);

        // The grant, the RFC 6749 way: Basic or form credentials, and its errors.
        HttpResponse<String> basic = tokenRequest("grant_type=client_credentials", basic(keyId, secret));
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
        assertThat(basic.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JsonNode tokens = JSON.readTree(basic.body());
        assertThat(tokens.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expires_in").asInt()).isBetween(1, 300);
        String apiToken = tokens.path("access_token").asText();
        SECRETS.add(apiToken);
        var claims = com.nimbusds.jwt.SignedJWT.parse(apiToken).getJWTClaimsSet();
        assertThat(claims.getStringClaim("use")).isEqualTo("api");
        assertThat(claims.getStringClaim("cid")).isEqualTo(ada.clientId());
        assertThat(claims.getStringClaim("sid")).isNull();
        assertThat(tokenRequest("grant_type=client_credentials&client_id=" + keyId + "&client_secret="
                + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8), null).statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = tokenRequest("grant_type=client_credentials", basic(keyId, secret + "x"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_client");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"attest\"");
        assertThat(JSON.readTree(tokenRequest("grant_type=client_credentials", basic("no-such-key", secret)).body())
                .path("error").asText()).isEqualTo("invalid_client");
        assertThat(JSON.readTree(tokenRequest("grant_type=password", basic(keyId, secret)).body()).path("error")
                .asText()).isEqualTo("unsupported_grant_type");
        assertThat(JSON.readTree(tokenRequest("client_id=" + keyId, null).body()).path("error").asText())
                .isEqualTo("invalid_request");
        assertThat(JSON.readTree(tokenRequest("grant_type=client_credentials&grant_type=client_credentials",
                basic(keyId, secret)).body()).path("error").asText()).isEqualTo("invalid_request");
        assertThat(post("/api/v1/auth/token", Map.of("grant_type", "client_credentials"), null).statusCode())
                .as("JSON is not the form RFC 6749 asks for").isEqualTo(415);

        // Every permission in the main client, though Grace is in no group; nothing beyond it.
        assertThat(get("/api/v1/users", apiToken).statusCode()).isEqualTo(200);
        HttpResponse<String> made = post("/api/v1/users", Map.of("email", "api-made-" + keyId.substring(0, 8)
                + "@acme.test", "firstName", "Api", "lastName", "Made"), apiToken);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(get("/api/v1/users", graceToken).statusCode()).as("her interactive token has no group").isEqualTo(403);
        assertProblem(post("/api/v1/auth/switch-client", Map.of("clientId", UUID.randomUUID().toString()), apiToken),
                403, "api-token-main-client-only");
        assertProblem(get("/api/v1/clients/" + UUID.randomUUID() + "/policy", apiToken), 403,
                "api-token-main-client-only");
        assertProblem(post("/api/v1/me/api-keys", Map.of("name", "more"), apiToken), 403, "api-token-main-client-only");

        // Revoking the key stops its token within a second, here as everywhere.
        assertThat(delete("/api/v1/me/api-keys/" + keyId, graceToken).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/users", apiToken).statusCode() == 401);
        assertThat(JSON.readTree(tokenRequest("grant_type=client_credentials", basic(keyId, secret)).body())
                .path("error").asText()).isEqualTo("invalid_client");

        // A second key; the administrator turns the flag off: its token stops, the key with it.
        JsonNode second = JSON.readTree(post("/api/v1/me/api-keys", Map.of("name", "nightly",
                "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString()), graceToken).body());
        SECRETS.add(second.path("clientSecret").asText());
        String secondToken = JSON.readTree(tokenRequest("grant_type=client_credentials",
                basic(second.path("clientId").asText(), second.path("clientSecret").asText())).body())
                .path("access_token").asText();
        SECRETS.add(secondToken);
        assertThat(get("/api/v1/me", secondToken).statusCode()).isEqualTo(200);
        JsonNode listed = await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(get("/api/v1/users/"
                + grace.userId() + "/api-keys", ada.token()).body()).path("items"), items -> items.size() == 2
                && !items.get(0).path("lastUsedAt").isNull());
        assertThat(listed.get(0).path("name").asText()).isEqualTo("nightly");
        assertThat(listed.get(1).path("revokedAt").isNull()).isFalse();
        assertThat(listed.toString()).doesNotContain(second.path("clientSecret").asText()).doesNotContain("secret");
        assertThat(put("/api/v1/users/" + grace.userId() + "/api-access", Map.of("enabled", false), ada.token())
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                get("/api/v1/me", secondToken).statusCode() == 401);
        awaitEvent("ApiAccessRevoked.v1", grace.userId());
        awaitEvent("ApiKeyRevoked.v1", keyId);
        assertThat(get("/api/v1/me", graceToken).statusCode()).as("interactive tokens go on").isEqualTo(200);
        assertProblem(put("/api/v1/users/" + grace.userId() + "/api-access", Map.of("enabled", true),
                administrator().token()), 404, "user-not-found");
    }

    private HttpResponse<String> tokenRequest(String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((java.net.URLEncoder.encode(clientId,
                StandardCharsets.UTF_8) + ":" + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    private Account colleagueWithPassword(String adminToken) throws Exception {
        String email = "colleague-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        assertThat(post("/api/v1/users", Map.of("email", email, "firstName", "Cole", "lastName", "League"),
                adminToken).statusCode()).isEqualTo(201);
        JsonNode link = awaitEvent("PasswordSetupLinkIssued.v1", email);
        String userId = link.path("userId").asText();
        String password = "the colleague's passphrase " + UUID.randomUUID();
        SECRETS.add(password);
        assertThat(post("/api/v1/auth/password/set", Map.of("token", userId + "." + secretOf(link), "password",
                password), null).statusCode()).isEqualTo(204);
        return new Account(userId, email, password);
    }

    @Test
    void eachRefusalNamesItsRule() throws Exception {
        String operatorToken = logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD).path("accessToken").asText();
        assertProblem(get("/api/v1/users", operatorToken), 403, "no-active-client");

        Account account = newAccountWithPassword();
        String userToken = logIn(account.email(), account.password()).path("accessToken").asText();
        assertProblem(get("/api/v1/users", userToken), 403, "missing-permission");

        String adminToken = administratorOfANewClient();
        HttpResponse<String> invalid = post("/api/v1/users", Map.of("email", "not an address",
                "firstName", "x".repeat(101), "lastName", "L", "locale", "fr"), adminToken);
        assertProblem(invalid, 400, "invalid-request");
        assertThat(JSON.readTree(invalid.body()).path("errors").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("email", "firstName", "locale");
        HttpResponse<String> tooManyGroups = post("/api/v1/users", Map.of("email", "many@acme.test", "firstName",
                "Many", "lastName", "Groups", "groupIds", java.util.Collections.nCopies(21, UUID.randomUUID().toString())),
                adminToken);
        assertProblem(tooManyGroups, 400, "invalid-request");
        String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(56) + ".test";
        assertThat(longest).hasSize(254);
        assertThat(post("/api/v1/users", Map.of("email", "x" + longest, "firstName", "Long", "lastName", "L"),
                adminToken).statusCode()).as("255 characters").isEqualTo(400);
        assertThat(post("/api/v1/users", Map.of("email", longest, "firstName", "Long", "lastName", "L"),
                adminToken).statusCode()).as("254 characters").isEqualTo(201);
        assertProblem(post("/api/v1/users", Map.of("email", List.of("a@b.test"), "firstName", "A", "lastName", "B"),
                adminToken), 400, "bad-request");
        assertThat(get("/api/v1/users?size=200", adminToken).statusCode()).isEqualTo(200);
        for (String outOfRange : List.of("size=201", "size=0", "page=-1")) {
            HttpResponse<String> refused = get("/api/v1/users?" + outOfRange, adminToken);
            assertProblem(refused, 400, "invalid-request");
            assertThat(JSON.readTree(refused.body()).path("errors").size()).as(outOfRange).isEqualTo(1);
        }
        assertProblem(get("/api/v1/users?size=lots", adminToken), 400, "invalid-request");

        assertProblem(post("/api/v1/auth/login", Map.of("email", account.email(), "password", "wrong " + UUID.randomUUID()),
                null), 401, "invalid-credentials");
        assertProblem(post("/api/v1/auth/password/set", Map.of("token", account.userId() + ".guessed",
                "password", "a perfectly fine passphrase"), null), 410, "invalid-set-password-token");
    }

    @Test
    void passwordsOutsideThePolicyAreRefusedAndTheLinkStaysUsable() throws Exception {
        String clientId = UUID.randomUUID().toString();
        String email = "policy-" + clientId.substring(0, 8) + "@acme.test";
        membership(new ClientCreated(context(clientId, clientId), clientId, "Policy", UUID.randomUUID().toString(),
                new ClientCreated.Administrator(email, "Pat", "Policy", "en")));
        JsonNode link = awaitEvent("PasswordSetupLinkIssued.v1", email);
        String token = link.path("userId").asText() + "." + secretOf(link);
        for (String weak : List.of("seven77", "x".repeat(129), "password1", "iloveyou")) {
            assertProblem(post("/api/v1/auth/password/set", Map.of("token", token, "password", weak), null),
                    400, "weak-password");
        }
        String longest = "y".repeat(127) + "!";
        assertThat(post("/api/v1/auth/password/set", Map.of("token", token, "password", longest), null)
                .statusCode()).as("128 characters are allowed").isEqualTo(204);
        SECRETS.add(longest);
        awaitEvent("PasswordSet.v1", link.path("userId").asText());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(
                IDENTITY_TOPIC.ofType("PasswordSet.v1", b -> b.contains(link.path("userId").asText()))).hasSize(1));
    }

    @Test
    void theActorAndCorrelationOfARequestReachTheStoredAndThePublishedEvents() throws Exception {
        String adminToken = administratorOfANewClient();
        String adminId = JSON.readTree(get("/api/v1/me", adminToken).body()).path("id").asText();
        String email = "traced-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String userId = JSON.readTree(post("/api/v1/users", Map.of("email", email, "firstName", "Tracy",
                "lastName", "T"), adminToken).body()).path("id").asText();

        JsonNode created = awaitEvent("UserCreated.v1", email).path("context");
        JsonNode link = awaitEvent("PasswordSetupLinkIssued.v1", email).path("context");
        JsonNode stored = JSON.readTree(eventStore.queryForObject("select metadata from domainevententry "
                + "where aggregateidentifier = ? and sequencenumber = 0", byte[].class, userId));
        assertThat(stored.path("actor").asText()).isEqualTo(adminId);
        assertThat(created.path("actor").asText()).isEqualTo(adminId);
        assertThat(link.path("actor").asText()).isEqualTo(adminId);
        assertThat(created.path("correlationId").asText()).isNotBlank()
                .isEqualTo(stored.path("correlationId").asText())
                .isEqualTo(link.path("correlationId").asText());
    }

    @Test
    void aRecordThatKeepsFailingIsParkedAfterItsRetries() throws Exception {
        String clientId = UUID.randomUUID().toString();
        ClientCreated withoutAdministrator = new ClientCreated(context(clientId, clientId), clientId, "Headless",
                UUID.randomUUID().toString(), null);
        double retriesBefore = retries(Topics.MEMBERSHIP_CLIENT);
        membership(withoutAdministrator);

        String eventId = withoutAdministrator.context().eventId().toString();
        var parked = await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecorder.parked(
                INFRA.kafkaBootstrapServers(), Topics.MEMBERSHIP_CLIENT, eventId), l -> !l.isEmpty());
        assertThat(retries(Topics.MEMBERSHIP_CLIENT) - retriesBefore).as("tried again before it was parked")
                .isGreaterThanOrEqualTo(2);
        assertThat(TopicRecorder.header(parked.get(0), "kafka_dlt-original-topic")).isEqualTo(Topics.MEMBERSHIP_CLIENT);
        assertThat(TopicRecorder.header(parked.get(0), "kafka_dlt-exception-fqcn")).isNotBlank();
        assertThat(parked).hasSize(1);

        // and the partition moves on
        String nextClient = UUID.randomUUID().toString();
        String email = "after-" + nextClient.substring(0, 8) + "@acme.test";
        membership(new ClientCreated(context(nextClient, nextClient), nextClient, "Next", UUID.randomUUID().toString(),
                new ClientCreated.Administrator(email, "Nell", "Next", "en")));
        awaitEvent("UserCreated.v1", email);
    }

    private double retries(String topic) {
        var counter = meters.find("attest.kafka.retries").tag("topic", topic).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> groupsOf(String clientId) {
        return mongo.getCollection("access_groups").find(new org.bson.Document("clientId", clientId))
                .map(d -> d.getString("_id")).into(new ArrayList<>());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("type").asText())
                .isEqualTo("https://attest.dev/problems/" + type);
    }

    /** LoginFailed records of this user with reason WRONG_PASSWORD published so far. */
    private static int wrongPasswordsOf(String userId) {
        return IDENTITY_TOPIC.ofType("LoginFailed.v1", body -> {
            try {
                JsonNode event = JSON.readTree(body);
                return event.path("userId").asText().equals(userId)
                        && event.path("reason").asText().equals("WRONG_PASSWORD");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).size();
    }

    @Test
    void fiveWrongCodesKillTheChallenge() throws Exception {
        JsonNode challenge = JSON.readTree(post("/api/v1/auth/login",
                Map.of("email", OPERATOR_EMAIL, "password", OPERATOR_PASSWORD), null).body());
        String challengeId = challenge.path("challengeId").asText();
        String code = secretOf(awaitEvent("SecondFactorCodeIssued.v1", challengeId));
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> answer = post("/api/v1/auth/login/second-factor",
                    Map.of("challengeId", challengeId, "code", wrong), null);
            assertThat(JSON.readTree(answer.body()).path("type").asText()).endsWith("/wrong-code");
        }
        post("/api/v1/auth/login/second-factor", Map.of("challengeId", challengeId, "code", wrong), null);
        HttpResponse<String> afterwards = post("/api/v1/auth/login/second-factor",
                Map.of("challengeId", challengeId, "code", code), null);
        assertThat(afterwards.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(afterwards.body()).path("type").asText()).endsWith("/challenge-expired");
    }

    @Test
    void wrongPasswordsAndWrongCodesAcrossLoginsThrottleTheAccountUntilItSucceeds() throws Exception {
        Account account = newAccountWithPassword();
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(post("/api/v1/auth/login", Map.of("email", account.email(), "password", "guess " + attempt),
                    null).statusCode()).isEqualTo(401);
        }
        String firstChallenge = passwordStep(account);
        String firstCode = codeOf(firstChallenge);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(secondFactor(firstChallenge, wrong(firstCode)).statusCode()).isEqualTo(401);
        }
        String secondChallenge = passwordStep(account); // nine failures so far: still free
        String secondCode = codeOf(secondChallenge);
        assertThat(secondFactor(secondChallenge, wrong(secondCode)).statusCode()).as("the tenth").isEqualTo(401);

        HttpResponse<String> throttled = secondFactor(secondChallenge, secondCode);
        assertThat(throttled.statusCode()).as("even the right code waits now").isEqualTo(429);
        assertThat(JSON.readTree(throttled.body()).path("type").asText()).endsWith("/login-throttled");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        HttpResponse<String> password = post("/api/v1/auth/login",
                Map.of("email", account.email(), "password", account.password()), null);
        assertThat(password.statusCode()).as("and so does the password step").isEqualTo(429);

        HttpResponse<String> passed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> secondFactor(secondChallenge, secondCode), r -> r.statusCode() != 429);
        assertThat(passed.statusCode()).as("after the wait the owner gets in").isEqualTo(200);
        assertThat(post("/api/v1/auth/login", Map.of("email", account.email(), "password", "one more guess"), null)
                .statusCode()).as("a success ended the streak").isEqualTo(401);
    }

    @Test
    void anAddressWithoutAnAccountIsThrottledExactlyLikeOneWithAnAccount() throws Exception {
        Account account = newAccountWithPassword();
        String nobody = "nobody-" + UUID.randomUUID() + "@attest.test";
        for (int attempt = 1; attempt <= 10; attempt++) {
            HttpResponse<String> known = post("/api/v1/auth/login",
                    Map.of("email", account.email(), "password", "guess " + attempt), null);
            HttpResponse<String> unknown = post("/api/v1/auth/login",
                    Map.of("email", nobody, "password", "guess " + attempt), null);
            assertThat(known.statusCode()).isEqualTo(401);
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(unknown.body()).isEqualTo(known.body());
        }
        HttpResponse<String> known = post("/api/v1/auth/login",
                Map.of("email", account.email(), "password", "guess 11"), null);
        HttpResponse<String> unknown = post("/api/v1/auth/login",
                Map.of("email", nobody.toUpperCase(), "password", "guess 11"), null);
        assertThat(known.statusCode()).isEqualTo(429);
        assertThat(unknown.statusCode()).as("the same address in capitals is the same address").isEqualTo(429);
        assertThat(unknown.body()).isEqualTo(known.body());
        assertThat(unknown.headers().firstValue("Retry-After")).isEqualTo(known.headers().firstValue("Retry-After"));
    }

    /**
     * The password is checked before the user's lock ({@code PasswordPrechecks}): one user's logins run side by
     * side, and guesses sent at once still get no more answers than sent in turn. The service's clock goes back
     * a minute for the burst, so the wait after the tenth failure outlasts it however slow the machine.
     */
    @Test
    void oneAccountsLoginsAtOnceAllGetInAndItsGuessesAtOnceGetNoMoreAnswersThanInTurn() throws Exception {
        Account account = newAccountWithPassword();
        passwordStep(account);
        assertThat(passwordStepsAtOnce(account.email(), 8, attempt -> account.password()))
                .as("eight right passwords at once").hasSize(8).containsOnly(200);

        for (int attempt = 1; attempt <= 9; attempt++) {
            assertThat(post("/api/v1/auth/login", Map.of("email", account.email(), "password", "guess " + attempt),
                    null).statusCode()).isEqualTo(401);
        }
        CLOCK.shift(Duration.ofMinutes(-1));
        try {
            assertThat(passwordStepsAtOnce(account.email(), 8, attempt -> "burst guess " + attempt))
                    .as("the tenth failure is free, then the account waits")
                    .containsExactlyInAnyOrder(401, 429, 429, 429, 429, 429, 429, 429);
            assertThat(post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()),
                    null).statusCode()).as("the right password waits too").isEqualTo(429);
        } finally {
            CLOCK.reset();
        }
    }

    /** The statuses of {@code count} password steps for {@code email}, released together. */
    private List<Integer> passwordStepsAtOnce(String email, int count, java.util.function.IntFunction<String> password)
            throws Exception {
        var executor = java.util.concurrent.Executors.newFixedThreadPool(count);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> steps = new ArrayList<>();
            for (int attempt = 0; attempt < count; attempt++) {
                String guess = password.apply(attempt);
                steps.add(executor.submit(() -> {
                    start.await();
                    return post("/api/v1/auth/login", Map.of("email", email, "password", guess), null).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var step : steps) {
                statuses.add(step.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void tokensNamingAnotherKindOfAggregateAreRefusedNotFailures() throws Exception {
        Account account = newAccountWithPassword();
        String sessionToken = logIn(account.email(), account.password()).path("refreshToken").asText();
        String sessionId = sessionToken.substring(0, sessionToken.indexOf('.'));

        for (String path : List.of("/api/v1/auth/refresh", "/api/v1/auth/logout")) {
            HttpResponse<String> userAsSession = post(path, Map.of("refreshToken", account.userId() + ".x"), null);
            assertThat(userAsSession.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(userAsSession.body()).path("type").asText()).endsWith("/invalid-refresh-token");
        }
        HttpResponse<String> sessionAsChallenge = secondFactor(sessionId + ".x", "123456");
        assertThat(sessionAsChallenge.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(sessionAsChallenge.body()).path("type").asText()).endsWith("/challenge-expired");
        HttpResponse<String> sessionAsSetupLink = post("/api/v1/auth/password/set",
                Map.of("token", sessionId + ".x", "password", "a long enough password"), null);
        assertThat(sessionAsSetupLink.statusCode()).isEqualTo(410);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", sessionToken), null).statusCode())
                .as("the real session is untouched").isEqualTo(200);
    }

    @Test
    void bodiesInAnotherCharsetThanUtf8Are415AndChangeNothing() throws Exception {
        HttpResponse<String> utf16 = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json; charset=UTF-16")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + OPERATOR_EMAIL + "\",\"password\":\"x\"}",
                        StandardCharsets.UTF_16)));
        assertThat(utf16.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(utf16.body()).path("type").asText()).endsWith("/unsupported-charset");
    }

    @Test
    void refreshTokensRotateAndDieOnLogoutAndOnReuse() throws Exception {
        JsonNode first = logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD);
        String refresh1 = first.path("refreshToken").asText();
        HttpResponse<String> rotated = post("/api/v1/auth/refresh", Map.of("refreshToken", refresh1), null);
        assertThat(rotated.statusCode()).isEqualTo(200);
        String refresh2 = JSON.readTree(rotated.body()).path("refreshToken").asText();
        assertThat(refresh2).isNotEqualTo(refresh1);

        try {
            CLOCK.shift(Duration.ofSeconds(15)); // past the grace two tabs refreshing at once get
            assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", refresh1), null).statusCode())
                    .as("an old token comes back: the session ends").isEqualTo(401);
        } finally {
            CLOCK.reset();
        }
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", refresh2), null).statusCode())
                .as("the whole session ended").isEqualTo(401);

        String other = logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD).path("refreshToken").asText();
        assertThat(post("/api/v1/auth/logout", Map.of("refreshToken", other), null).statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", other), null).statusCode()).isEqualTo(401);
    }

    /**
     * A session refreshed more than 50 times is snapshotted; loaded from the snapshot and the events after it
     * alone (the older events are deleted here to prove it), it still knows every token rotated away before
     * the snapshot, so a stolen old one still ends the session.
     */
    @Test
    void aLongSessionLoadsFromItsSnapshotAndStillCatchesAStolenToken() throws Exception {
        Account account = newAccountWithPassword();
        String stolen = logIn(account.email(), account.password()).path("refreshToken").asText();
        String sessionId = stolen.substring(0, stolen.indexOf('.'));
        String current = stolen;
        for (int refresh = 1; refresh <= 55; refresh++) {
            current = refresh(current);
        }
        Long snapshotAt = await().atMost(Duration.ofSeconds(10)).until(() -> eventStore.queryForList(
                "select sequencenumber from snapshotevententry where aggregateidentifier = ?", Long.class, sessionId)
                .stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(snapshotAt).as("taken once 50 events were loaded").isBetween(49L, 55L);

        eventStore.update("delete from domainevententry where aggregateidentifier = ? and sequencenumber <= ?",
                sessionId, snapshotAt);
        current = refresh(current);
        try {
            CLOCK.shift(Duration.ofSeconds(15)); // past the grace two tabs refreshing at once get
            assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", stolen), null).statusCode())
                    .as("a token rotated away before the snapshot comes back").isEqualTo(401);
        } finally {
            CLOCK.reset();
        }
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", current), null).statusCode())
                .as("and the session ended").isEqualTo(401);
    }

    private String refresh(String refreshToken) throws Exception {
        HttpResponse<String> rotated = post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken), null);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String next = JSON.readTree(rotated.body()).path("refreshToken").asText();
        SECRETS.add(secretPartOf(next));
        return next;
    }

    @Test
    void badInputGetsProblemResponses() throws Exception {
        HttpResponse<String> noToken = get("/api/v1/me", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> forgedToken = get("/api/v1/me", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertThat(forgedToken.statusCode()).isEqualTo(401);

        HttpResponse<String> malformed = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"email\":")));
        assertProblem(malformed, 400, "bad-request");

        HttpResponse<String> operatorInjection = post("/api/v1/auth/login",
                Map.of("email", Map.of("$gt", ""), "password", "x"), null);
        assertThat(operatorInjection.statusCode()).isEqualTo(400);

        HttpResponse<String> wrongType = send(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(wrongType.body()).path("type").asText()).endsWith("/unsupported-media-type");

        assertProblem(get("/api/v1/auth/login", null), 405, "method-not-allowed");
    }

    @Test
    void everyStoredFormOfEveryEventReadsBackFieldForField() {
        List<Class<?>> events = StoredEventFiles.eventClassesIn("dev.attest.identity");
        assertThat(events).hasSizeGreaterThanOrEqualTo(11);
        StoredEventFiles.assertEveryStoredFormReads(java.nio.file.Path.of("src/test/resources/stored-events"),
                axon.eventSerializer(), axon.upcasterChain(), events);
    }

    /** The service's own upcaster chain, in its order: first the class's new name, then its new revision. */
    @Test
    void eventsStoredUnderAnOldNameAndRevisionAreReadAsTheCurrentClass() {
        var stored = new org.axonframework.eventhandling.GenericDomainEventEntry<>("User", "u", 0, "e1",
                Instant.EPOCH, "dev.attest.identity.user.UserEvents$SecondFactorChallengeIssued", "1",
                "{\"userId\":\"u\",\"encryptedCode\":\"eyJ.x.y.z.w\"}", "{}");
        var read = axon.upcasterChain().upcast(java.util.stream.Stream.of(
                new org.axonframework.serialization.upcasting.event.InitialEventRepresentation(stored,
                        axon.eventSerializer()))).findFirst().orElseThrow();
        assertThat(read.getType().getName())
                .isEqualTo(dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued.class.getName());
        assertThat(read.getType().getRevision()).isEqualTo("2");
        Object event = axon.eventSerializer().deserialize(read.getData());
        assertThat(event).isInstanceOf(dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued.class);
    }

    @Test
    void accessTokensCarryExactlyTheDocumentedClaimsAndLiveFiveMinutes() throws Exception {
        String adminToken = administratorOfANewClient();
        JsonNode admin = JSON.readTree(get("/api/v1/me", adminToken).body());
        JsonNode operatorTokens = logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD);
        assertThat(operatorTokens.path("expiresIn").asInt()).isEqualTo(300);
        var keys = com.nimbusds.jose.jwk.JWKSet.parse(get("/.well-known/jwks.json", null).body());

        for (String token : List.of(adminToken, operatorTokens.path("accessToken").asText())) {
            com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(token);
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
            assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
            var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("the kid names a published key").isNotNull();
            assertThat(jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key.toECKey()))).isTrue();
            var claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("attest");
            assertThat(claims.getAudience()).containsExactly("attest-api");
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
            assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofMinutes(5));
            assertThat(claims.getIssueTime().toInstant()).isBetween(Instant.now().minusSeconds(120), Instant.now());
            assertThat(claims.getStringClaim("use")).isEqualTo("interactive");
        }
        var adminClaims = com.nimbusds.jwt.SignedJWT.parse(adminToken).getJWTClaimsSet();
        assertThat(adminClaims.getClaims().keySet())
                .containsExactlyInAnyOrder("iss", "aud", "sub", "jti", "iat", "nbf", "exp", "use", "sid", "cid", "mk");
        assertThat(adminClaims.getSubject()).isEqualTo(admin.path("id").asText());
        assertThat(adminClaims.getStringClaim("cid")).isEqualTo(admin.path("mainClientId").asText());
        assertThat(adminClaims.getStringClaim("mk")).isEqualTo("MAIN");
        var operatorClaims = com.nimbusds.jwt.SignedJWT.parse(operatorTokens.path("accessToken").asText())
                .getJWTClaimsSet();
        assertThat(operatorClaims.getClaims().keySet())
                .containsExactlyInAnyOrder("iss", "aud", "sub", "jti", "iat", "nbf", "exp", "use", "sid", "op");
        assertThat(operatorClaims.getBooleanClaim("op")).isTrue();
    }

    @Test
    void jwksPublishesOnlyThePublicKey() throws Exception {
        JsonNode keys = JSON.readTree(get("/.well-known/jwks.json", null).body()).path("keys");
        assertThat(keys.size()).isPositive();
        for (JsonNode key : keys) {
            assertThat(key.path("kty").asText()).isEqualTo("EC");
            assertThat(key.path("kid").asText()).isNotBlank();
            assertThat(key.has("d")).isFalse();
        }
    }

    /**
     * The operator rotates the signing key: the new one is in the JWKS at once and signs two seconds later
     * (the publish-ahead time here); a token of the old key is still accepted, and the old key leaves the
     * JWKS once every token it signed has expired.
     */
    @Test
    void aRotatedSigningKeyIsPublishedBeforeItSignsAndTheOldOneUntilItsTokensHaveExpired() throws Exception {
        String before = logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD).path("accessToken").asText();
        String oldKid = kidOf(before);
        Account user = newAccountWithPassword();
        assertProblem(post("/api/v1/signing-keys/rotate", Map.of(), logIn(user.email(), user.password())
                .path("accessToken").asText()), 403, "operator-only");

        HttpResponse<String> rotated = post("/api/v1/signing-keys/rotate", Map.of(), before);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
        String newKid = JSON.readTree(rotated.body()).path("kid").asText();
        assertThat(JSON.readTree(rotated.body()).path("state").asText()).isEqualTo("NEXT");
        assertThat(jwksKids()).contains(oldKid, newKid);

        String after = await().atMost(Duration.ofSeconds(20)).until(() -> logIn(OPERATOR_EMAIL, OPERATOR_PASSWORD)
                .path("accessToken").asText(), token -> newKid.equals(kidOf(token)));
        assertThat(get("/api/v1/me", after).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/me", before).statusCode()).as("a token of the old key lives on").isEqualTo(200);
        JsonNode states = JSON.readTree(get("/api/v1/signing-keys", after).body()).path("items");
        assertThat(states.get(0).path("kid").asText()).isEqualTo(newKid);
        assertThat(states.get(0).path("state").asText()).isEqualTo("SIGNING");
        assertThat(states.toString()).doesNotContain("\"d\"");

        try {
            CLOCK.shift(Duration.ofMinutes(7));
            assertThat(jwksKids()).contains(newKid).doesNotContain(oldKid);
        } finally {
            CLOCK.reset();
        }
    }

    private static String kidOf(String accessToken) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(accessToken).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> jwksKids() throws Exception {
        return JSON.readTree(get("/.well-known/jwks.json", null).body()).path("keys").findValuesAsText("kid");
    }

    // ---------------------------------------------------------------------------------------------

    private JsonNode logIn(String email, String password) throws Exception {
        HttpResponse<String> first = post("/api/v1/auth/login", Map.of("email", email, "password", password), null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode challenge = JSON.readTree(first.body());
        assertThat(challenge.path("status").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        assertThat(challenge.path("method").asText()).isEqualTo("EMAIL");
        String challengeId = challenge.path("challengeId").asText();
        String code = secretOf(awaitEvent("SecondFactorCodeIssued.v1", challengeId));
        assertThat(code).matches("\\d{6}");
        HttpResponse<String> second = post("/api/v1/auth/login/second-factor",
                Map.of("challengeId", challengeId, "code", code), null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(second.body());
        String refreshToken = tokens.path("refreshToken").asText();
        SECRETS.addAll(List.of(password, tokens.path("accessToken").asText(),
                secretPartOf(refreshToken)));
        return tokens;
    }

    record Account(String userId, String email, String password) {
    }

    /** The access token of the administrator of a new client, once her permissions have arrived. */
    private String administratorOfANewClient() throws Exception {
        return administrator().token();
    }

    /** The administrator of a new client, with her MAIN membership in its Administrators group, logged in. */
    private Administrator administrator() throws Exception {
        String clientId = UUID.randomUUID().toString();
        String groupId = UUID.randomUUID().toString();
        String email = "admin-" + clientId.substring(0, 8) + "@acme.test";
        membership(new ClientCreated(context(clientId, clientId), clientId, "Acme " + clientId, groupId,
                new ClientCreated.Administrator(email, "Ada", "Admin", "en")));
        membership(new UserGroupCreated(context(groupId, clientId), groupId, clientId, "Administrators",
                EnumSet.allOf(Permission.class), false));
        JsonNode link = awaitEvent("PasswordSetupLinkIssued.v1", email);
        String adminId = link.path("userId").asText();
        String password = "the admin's passphrase " + UUID.randomUUID();
        assertThat(post("/api/v1/auth/password/set", Map.of("token", adminId + "." + secretOf(link),
                "password", password), null).statusCode()).isEqualTo(204);
        membership(new MembershipStarted(context(adminId, clientId), UUID.randomUUID().toString(), adminId, clientId,
                MembershipStarted.Kind.MAIN, List.of(groupId)));
        JsonNode tokens = logIn(email, password);
        String token = tokens.path("accessToken").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/users", token).statusCode() == 200);
        return new Administrator(clientId, token, adminId, email, password, tokens.path("refreshToken").asText());
    }

    /** A new client's administrator who has set a password: an account no other test touches. */
    private Account newAccountWithPassword() throws Exception {
        String clientId = UUID.randomUUID().toString();
        String email = "owner-" + clientId.substring(0, 8) + "@acme.test";
        membership(new ClientCreated(context(clientId, clientId), clientId, "Acme " + clientId, UUID.randomUUID().toString(),
                new ClientCreated.Administrator(email, "Olive", "Owner", "en")));
        JsonNode link = awaitEvent("PasswordSetupLinkIssued.v1", email);
        String userId = link.path("userId").asText();
        String password = "the owner's passphrase " + UUID.randomUUID();
        SECRETS.add(password);
        assertThat(post("/api/v1/auth/password/set", Map.of("token", userId + "." + secretOf(link), "password", password), null).statusCode()).isEqualTo(204);
        return new Account(userId, email, password);
    }

    private String passwordStep(Account account) throws Exception {
        HttpResponse<String> first = post("/api/v1/auth/login",
                Map.of("email", account.email(), "password", account.password()), null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        return JSON.readTree(first.body()).path("challengeId").asText();
    }

    private static String codeOf(String challengeId) throws Exception {
        return secretOf(awaitEvent("SecondFactorCodeIssued.v1", challengeId));
    }

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private HttpResponse<String> secondFactor(String challengeId, String code) throws Exception {
        return post("/api/v1/auth/login/second-factor", Map.of("challengeId", challengeId, "code", code), null);
    }

    private static JsonNode awaitEvent(String type, String bodyContains) {
        List<ConsumerRecord<String, byte[]>> found = await().atMost(Duration.ofSeconds(30))
                .until(() -> IDENTITY_TOPIC.ofType(type, body -> body.contains(bodyContains)), l -> !l.isEmpty());
        try {
            return JSON.readTree(found.get(0).value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The secret mailed because of {@code publicEvent}: it travels on the internal topic, in an event of the
     * same correlation, encrypted for notification-service.
     */
    private static String secretOf(JsonNode publicEvent) throws Exception {
        String correlation = publicEvent.path("context").path("correlationId").asText();
        JsonNode request = awaitEvent("SecretMailRequested.v1", "\"correlationId\":\"" + correlation + "\"");
        assertThat(TopicRecorder.header(IDENTITY_TOPIC.ofType("SecretMailRequested.v1",
                b -> b.contains(correlation)).get(0), "ce_type")).isEqualTo("dev.attest.internal.SecretMailRequested.v1");
        return decrypt(request.path("encryptedSecret").asText());
    }

    private static String decrypt(String jwe) throws Exception {
        return MailEnvelope.opener(MAIL_KEY).open(jwe);
    }


    private static void membership(dev.attest.contracts.IntegrationEvent event) {
        FOREIGN.send(event);
    }

    private static EventContext context(String aggregateId, String clientId) {
        return new EventContext(UUID.randomUUID(), Instant.now(), aggregateId, clientId, EventContext.SYSTEM,
                UUID.randomUUID().toString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> post(String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
