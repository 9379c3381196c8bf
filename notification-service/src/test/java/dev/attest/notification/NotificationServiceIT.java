package dev.attest.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import dev.attest.kit.crypto.MailEnvelope;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;
import dev.attest.contracts.internal.v1.NoticeMailRequested;
import dev.attest.contracts.internal.v1.SecretMailRequested;
import dev.attest.embedded.MailKeys;
import dev.attest.contracts.Topics;
import dev.attest.embedded.testing.EventStoreDatabases;
import dev.attest.embedded.testing.SecretSearch;
import dev.attest.embedded.testing.StoredEventFiles;
import dev.attest.embedded.testing.TestInfrastructure;
import dev.attest.embedded.testing.TestTokenIssuer;
import dev.attest.embedded.testing.TopicRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import dev.attest.kit.messaging.ForeignEvents;
import jakarta.mail.internet.MimeMessage;
import org.bson.Document;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** notification-service turning identity's events into real SMTP mail, exactly once per event. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "attest.messaging.give-up-after=2s")
@ExtendWith({TestInfrastructure.Available.class, OutputCaptureExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationServiceIT {

    static final TestInfrastructure INFRA = TestInfrastructure.start();
    static final ECKey MAIL_KEY = MailKeys.generate();
    static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static final ForeignEvents FOREIGN = new ForeignEvents(INFRA.kafkaBootstrapServers(), "/attest/identity-service");
    static final ForeignEvents MEMBERSHIP = new ForeignEvents(INFRA.kafkaBootstrapServers(), "/attest/membership-service");
    /** Every secret a test had mailed; they belong in the mailbox only. */
    static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        String eventStore = EventStoreDatabases.fresh("notification");
        String readModels = INFRA.mongoUri("notification-" + UUID.randomUUID());
        registry.add("spring.datasource.url", () -> eventStore);
        registry.add("spring.data.mongodb.uri", () -> readModels);
        registry.add("spring.kafka.bootstrap-servers", INFRA::kafkaBootstrapServers);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", INFRA::smtpPort);
        registry.add("attest.notification.mail-key", MAIL_KEY::toJSONString);
        registry.add("attest.notification.public-url", () -> "https://app.attest.test");
        registry.add("attest.tokens.jwks-uri", TOKENS::jwksUri);
    }

    @AfterAll
    void noSecretShowsAnywhereButInTheMailbox(CapturedOutput output) {
        try {
            List<String> secrets = new ArrayList<>(SECRETS);
            secrets.addAll(TOKENS.issued());
            new SecretSearch().eventStore("notification event store", eventStoreData)
                    .kafka(INFRA.kafkaBootstrapServers())
                    .mongo(INFRA.mongoUri(""))
                    .text("test output", output.getAll())
                    .assertVisibleIn("notification event store table domainevententry", "@acme.test")
                    .assertVisibleIn("MongoDB", "@acme.test")
                    .assertNoneOf(secrets);
        } finally {
            TOKENS.close();
        }
    }

    @Test
    void aRecordThatKeepsFailingIsParkedAfterItsRetries() throws Exception {
        String email = "nameless-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        SecretMailRequested nameless = new SecretMailRequested(context("u7"), "u7", email,
                SecretMailRequested.Template.WELCOME, "en", null, encrypt("tok-" + UUID.randomUUID()),
                Instant.now().plusSeconds(3600));
        var retries = meters.find("attest.kafka.retries").tag("topic", Topics.INTERNAL_SECRET_MAIL).counter();
        double before = retries == null ? 0 : retries.count();
        identity(nameless);

        String eventId = nameless.context().eventId().toString();
        var parked = await().atMost(Duration.ofSeconds(30)).until(() -> TopicRecorder.parked(
                INFRA.kafkaBootstrapServers(), Topics.INTERNAL_SECRET_MAIL, eventId), l -> !l.isEmpty());
        assertThat(meters.find("attest.kafka.retries").tag("topic", Topics.INTERNAL_SECRET_MAIL).counter().count()
                - before).as("tried again before it was parked").isGreaterThanOrEqualTo(2);
        assertThat(TopicRecorder.header(parked.get(0), "kafka_dlt-original-topic")).isEqualTo(Topics.INTERNAL_SECRET_MAIL);
        assertThat(mailsTo(email)).isEmpty();

        identity(loginCode("u7", email, "808182"));
        assertThat(text(awaitMails(email, 1).get(0))).as("the partition moves on").contains("808182");
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
    org.axonframework.config.Configuration axon;

    @Test
    void everyStoredFormOfEveryEventReadsBackFieldForField() {
        List<Class<?>> events = StoredEventFiles.eventClassesIn("dev.attest.notification");
        assertThat(events).hasSizeGreaterThanOrEqualTo(3);
        StoredEventFiles.assertEveryStoredFormReads(java.nio.file.Path.of("src/test/resources/stored-events"),
                axon.eventSerializer(), axon.upcasterChain(), events);
    }
    @Autowired
    MongoTemplate mongo;

    @Test
    void aWelcomeMailCarriesTheDecryptedSetPasswordLinkInTheUsersLanguage() throws Exception {
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String token = "tok-" + UUID.randomUUID();
        String jwe = encrypt(token);
        identity(new SecretMailRequested(context("u1"), "u1", email, SecretMailRequested.Template.WELCOME, "de", "Ada",
                jwe, Instant.now().plusSeconds(3600)));

        MimeMessage mail = awaitMails(email, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Willkommen bei Attest");
        assertThat(text(mail)).contains("Hallo Ada",
                "https://app.attest.test/set-password?token=u1." + token);
        assertThat(mail.getFrom()[0].toString()).isEqualTo("no-reply@attest.local");
        assertNowhereAtRest(token);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNowhereAtRest(jwe));
        assertThat(eventStore.queryForObject("select count(*) from pending_secret", Integer.class))
                .as("the sent mail's secret is destroyed").isZero();
    }

    @Test
    void mailDeliveryKeepsItsTokenBesideThePendingSecretsAndTheReadModelsInMongo() throws Exception {
        String email = "tokens-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        identity(loginCode("u10", email, "246810"));
        awaitMails(email, 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventStore.queryForList(
                "select processorname from tokenentry", String.class)).contains("mail-delivery")
                .doesNotContain("delivery-log"));
        assertThat(mongo.getCollection("trackingtokens").distinct("processorName", String.class)
                .into(new ArrayList<>())).contains("delivery-log").doesNotContain("mail-delivery");
    }

    @Test
    void aNoticeWithoutSecretIsMailedOnceEvenWhenRequestedTwice() throws Exception {
        String email = "notice-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        NoticeMailRequested changed = new NoticeMailRequested(context("u9"), "u9", email,
                NoticeMailRequested.Template.PASSWORD_CHANGED, "de", "Ada", Map.of());
        identity(changed);
        identity(changed);
        MimeMessage mail = awaitMails(email, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Ihr Attest-Passwort wurde geändert");
        assertThat(text(mail)).contains("Hallo Ada");
        identity(new NoticeMailRequested(context("u9"), "u9", email, NoticeMailRequested.Template.SIGN_IN_WITH_PROVIDER,
                "en", "Ada", Map.of("provider", "Google")));
        assertThat(text(awaitMails(email, 2).get(1))).contains("you sign in with", "Sign in with Google");
        identity(new NoticeMailRequested(context("u9"), "u9", email, NoticeMailRequested.Template.RECOVERY_CODE_USED,
                "en", "Ada", Map.of("recoveryCodesLeft", "9")));
        MimeMessage recovery = awaitMails(email, 3).get(2);
        assertThat(recovery.getSubject()).isEqualTo("A recovery code was used");
        assertThat(text(recovery)).contains("9 recovery codes are left");
        assertThat(mailsTo(email)).hasSize(3);
    }

    @Test
    void anInvitationThatReachedAnAccountIsMailedOnceInItsLanguage() throws Exception {
        String email = "invited-" + UUID.randomUUID().toString().substring(0, 8) + "@bank.test";
        var delivered = new dev.attest.contracts.membership.v1.InvitationDelivered(context("i1"), "i1", "c1", "u7",
                email, "Bea", "de", "Acme Bank", "Readers", "Ada Lovelace", Instant.parse("2026-12-13T10:00:00Z"));
        MEMBERSHIP.send(delivered);
        MEMBERSHIP.send(delivered);
        MimeMessage mail = awaitMails(email, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Ada Lovelace lädt Sie zu Acme Bank auf Attest ein");
        assertThat(text(mail)).contains("Hallo Bea", "\"Readers\"", "https://app.attest.test/invitations",
                "2026-12-13");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(mailsTo(email)).hasSize(1));
    }

    @Test
    void aResetMailCarriesTheLinkThatSetsANewPassword() throws Exception {
        String email = "reset-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        String token = "reset-" + UUID.randomUUID();
        identity(new SecretMailRequested(context("u8"), "u8", email, SecretMailRequested.Template.PASSWORD_RESET, "en",
                "Ada", encrypt(token), Instant.now().plusSeconds(3600)));
        MimeMessage mail = awaitMails(email, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Reset your Attest password");
        assertThat(text(mail)).contains("Hello Ada", "https://app.attest.test/set-password?token=u8." + token,
                "one hour");
    }

    @Test
    void aLoginCodeIsMailedOncePerEventEvenWhenTheEventComesTwice() throws Exception {
        String email = "grace-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        SecretMailRequested code = loginCode("u2", email, "654321");
        identity(code);
        identity(code);

        assertThat(text(awaitMails(email, 1).get(0))).contains("654321");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(mailsTo(email)).hasSize(1));

        identity(loginCode("u2", email, "111222"));
        assertThat(text(awaitMails(email, 2).get(1))).contains("111222");
        assertNowhereAtRest("654321");
    }

    @Test
    void aRequestHandledBeforeButForgottenByTheInboxSendsNothingAgain() throws Exception {
        String email = "replay-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        SecretMailRequested code = loginCode("u6", email, "434343");
        identity(code);
        awaitMails(email, 1);
        // A replay into a rebuilt read-model database: the inbox no longer knows the event id.
        mongo.remove(org.springframework.data.mongodb.core.query.Query.query(
                org.springframework.data.mongodb.core.query.Criteria.where("_id").is(code.context().eventId().toString())),
                "inbox");
        identity(code);
        identity(loginCode("u6", email, "565656"));
        assertThat(text(awaitMails(email, 2).get(1))).as("the stream moved on").contains("565656");
        assertThat(mailsTo(email)).hasSize(2);
    }

    @Test
    void theOperatorReadsTheDeliveryLog() throws Exception {
        String email = "log-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        identity(loginCode("u3", email, "333444"));
        awaitMails(email, 1);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            HttpResponse<String> log = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/v1/notifications/deliveries"))
                    .header("Authorization", "Bearer " + TOKENS.operatorToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(log.statusCode()).isEqualTo(200);
            JsonNode entries = JSON.readTree(log.body());
            assertThat(entries.findValuesAsText("recipient")).contains(email);
            assertThat(log.body()).doesNotContain("333444");
        });
        HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/notifications/deliveries"))
                .header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forbidden.statusCode()).isEqualTo(403);

        for (String limit : List.of("500", "501", "0")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/v1/notifications/deliveries?limit=" + limit))
                    .header("Authorization", "Bearer " + TOKENS.operatorToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as("limit " + limit).isEqualTo(limit.equals("500") ? 200 : 400);
            if (page.statusCode() == 400) {
                assertThat(JSON.readTree(page.body()).path("errors").path("limit").asText()).isNotBlank();
            }
        }
    }

    @Test
    void aMailWhoseSecretExpiredBeforeDeliveryIsNotSent() throws Exception {
        String email = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        identity(new SecretMailRequested(context("u4"), "u4", email, SecretMailRequested.Template.LOGIN_CODE, "en",
                null, encrypt("555666"), Instant.now().minusSeconds(1)));
        identity(loginCode("u4", email, "777888"));
        assertThat(text(awaitMails(email, 1).get(0))).as("the next mail goes out").contains("777888");
        assertThat(mailsTo(email)).hasSize(1);
        assertThat(failures(email)).containsExactly("EXPIRED");
    }

    @Test
    void aMailThatCanNeverBeSentIsRecordedAsFailedAndTheNextOneGoesOut() throws Exception {
        String email = "broken-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        SECRETS.add("999000");
        String unreadable = MailEnvelope.sealer(MailKeys.generate().toPublicJWK()).seal("999000");
        SecretMailRequested broken = new SecretMailRequested(context("u5"), "u5", email,
                SecretMailRequested.Template.LOGIN_CODE, "en", null, unreadable, Instant.now().plusSeconds(600));
        identity(broken);
        identity(loginCode("u5", email, "121212"));

        assertThat(text(awaitMails(email, 1).get(0))).contains("121212");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(failures(email)).containsExactly("UNREADABLE_SECRET");
            assertThat(eventStore.queryForList("select payloadtype from domainevententry where aggregateidentifier = ?",
                    String.class, broken.context().eventId().toString())).anyMatch(t -> t.endsWith("MailFailed"));
        });
        assertThat(eventStore.queryForObject("select count(*) from pending_secret where id = ?", Integer.class,
                broken.context().eventId().toString())).as("its secret is destroyed too").isZero();
    }

    private List<String> failures(String recipient) {
        return mongo.find(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("recipient").is(recipient)
                                .and("failure").ne(null)), Document.class, "deliveries")
                .stream().map(d -> d.getString("failure")).toList();
    }

    private static SecretMailRequested loginCode(String userId, String email, String code) throws Exception {
        return new SecretMailRequested(context(userId), userId, email, SecretMailRequested.Template.LOGIN_CODE, "en",
                null, encrypt(code), Instant.now().plusSeconds(600));
    }

    private void assertNowhereAtRest(String secret) {
        List<String> payloads = eventStore.queryForList("select payload from domainevententry", byte[].class)
                .stream().map(p -> new String(p, StandardCharsets.UTF_8)).toList();
        assertThat(payloads).isNotEmpty().noneMatch(p -> p.contains(secret));
        StringBuilder documents = new StringBuilder();
        for (String collection : mongo.getCollectionNames()) {
            mongo.findAll(Document.class, collection).forEach(d -> documents.append(d.toJson()));
        }
        assertThat(documents.toString()).doesNotContain(secret);
    }

    private static List<MimeMessage> awaitMails(String recipient, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(recipient), m -> m.size() >= count);
    }

    private static List<MimeMessage> mailsTo(String recipient) {
        return Arrays.stream(INFRA.mail().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(recipient);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String encrypt(String secret) throws Exception {
        SECRETS.add(secret);
        return MailEnvelope.sealer(MAIL_KEY.toPublicJWK()).seal(secret);
    }

    private static EventContext context(String userId) {
        return new EventContext(UUID.randomUUID(), Instant.now(), userId, "c1", "system", "corr");
    }

    private static void identity(dev.attest.contracts.IntegrationEvent event) {
        FOREIGN.send(event);
    }

    /** The decoded text of a plain-text mail (the raw body may be quoted-printable). */
    private static String text(jakarta.mail.Message mail) throws Exception {
        return mail.getContent().toString();
    }
}
