package dev.attest.accesstokens;

import dev.attest.contracts.Topics;
import dev.attest.embedded.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real broker: disables, enables and ended memberships are followed within a second, and read again from
 * the start.
 */
class RevokedAccessTest {

    @TempDir
    static Path logs;
    static KafkaBroker broker;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(logs, 0);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
        // Both followed topics exist, as the services' start-up makes sure on a platform.
        producer.send(new ProducerRecord<>(Topics.MEMBERSHIP_MEMBERSHIP, "m0", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        producer.close();
        broker.close();
    }

    @Test
    void aDisableIsFollowedWithinASecondAndAnEnableLiftsIt() throws Exception {
        send("someone-else", "dev.attest.identity.UserCreated.v1");
        try (RevokedAccess users = new RevokedAccess(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(users::caughtUp);
            assertThat(users.isDisabled("u1")).isFalse();

            send("u1", RevokedAccess.DISABLED);
            await().atMost(Duration.ofSeconds(1)).until(() -> users.isDisabled("u1"));
            assertThat(new NotRevoked(users).validate(tokenOf("u1")).hasErrors()).isTrue();
            assertThat(new NotRevoked(users).validate(tokenOf("u2")).hasErrors()).isFalse();

            send("u1", RevokedAccess.ENABLED);
            await().atMost(Duration.ofSeconds(1)).until(() -> !users.isDisabled("u1"));
        }
    }

    @Test
    void aNewReaderKnowsEveryDisableBeforeIt() throws Exception {
        send("u3", RevokedAccess.DISABLED);
        send("u4", RevokedAccess.DISABLED);
        send("u4", RevokedAccess.ENABLED);
        try (RevokedAccess users = new RevokedAccess(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(users::caughtUp);
            assertThat(users.isDisabled("u3")).isTrue();
            assertThat(users.isDisabled("u4")).isFalse();
        }
    }

    @Test
    void aTokenForAClientTheUserLeftIsRefusedFromThenOnAndANewerOneIsNot() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        try (RevokedAccess revoked = new RevokedAccess(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(revoked::caughtUp);
            NotRevoked validator = new NotRevoked(revoked);
            assertThat(validator.validate(tokenOf("g1", "c9", before)).hasErrors()).isFalse();

            Instant leftAt = Instant.now();
            sendLeft("g1", "c9", leftAt);
            await().atMost(Duration.ofSeconds(1)).until(() -> validator.validate(tokenOf("g1", "c9", before))
                    .hasErrors());
            assertThat(validator.validate(tokenOf("g1", "c-other", before)).hasErrors()).isFalse();
            assertThat(validator.validate(tokenOf("g-other", "c9", before)).hasErrors()).isFalse();
            // Let in again later: tokens issued after the end are good.
            assertThat(validator.validate(tokenOf("g1", "c9", leftAt.plusSeconds(2))).hasErrors()).isFalse();
        }
        try (RevokedAccess reread = new RevokedAccess(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(reread::caughtUp);
            assertThat(reread.hasLeft("g1", "c9", before)).isTrue();
        }
    }

    @Test
    void anApiTokenIsRefusedOnceItsKeyOrItsUsersApiAccessIsRevokedAndAnInteractiveOneIsNot() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        try (RevokedAccess revoked = new RevokedAccess(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(revoked::caughtUp);
            NotRevoked validator = new NotRevoked(revoked);
            assertThat(validator.validate(apiToken("a1", "k1", before)).hasErrors()).isFalse();

            sendIdentity("a1", RevokedAccess.API_KEY_REVOKED, "{\"userId\":\"a1\",\"keyId\":\"k1\"}", Instant.now());
            await().atMost(Duration.ofSeconds(1)).until(() -> validator.validate(apiToken("a1", "k1", before))
                    .hasErrors());
            assertThat(validator.validate(apiToken("a1", "k2", before)).hasErrors()).isFalse();

            Instant revokedAt = Instant.now();
            sendIdentity("a1", RevokedAccess.API_ACCESS_REVOKED, "{\"userId\":\"a1\"}", revokedAt);
            await().atMost(Duration.ofSeconds(1)).until(() -> validator.validate(apiToken("a1", "k2", before))
                    .hasErrors());
            assertThat(validator.validate(tokenOf("a1", "c1", before)).hasErrors()).as("interactive").isFalse();
            assertThat(validator.validate(apiToken("a1", "k3", revokedAt.plusSeconds(2))).hasErrors())
                    .as("granted again later, a new key's token").isFalse();
        }
    }

    private static void sendIdentity(String userId, String type, String body, Instant at) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IDENTITY_USER, userId,
                body.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8))
                .add("ce_time", at.toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private static Jwt apiToken(String subject, String keyId, Instant issuedAt) {
        return Jwt.withTokenValue("t").header("alg", "ES256").subject(subject).claim(NotRevoked.USE_CLAIM, "api")
                .claim(NotRevoked.API_KEY_CLAIM, keyId).claim(NotRevoked.CLIENT_CLAIM, "c1").issuedAt(issuedAt)
                .build();
    }

    private static void sendLeft(String userId, String clientId, Instant at) throws Exception {
        String body = "{\"membershipId\":\"m-" + userId
                + "\",\"userId\":\"" + userId + "\",\"clientId\":\"" + clientId + "\",\"reason\":\"LEFT\"}";
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.MEMBERSHIP_MEMBERSHIP, "m-" + userId,
                body.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", RevokedAccess.CLIENT_LEFT.getBytes(StandardCharsets.UTF_8))
                .add("ce_time", at.toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private static Jwt tokenOf(String subject, String clientId, Instant issuedAt) {
        return Jwt.withTokenValue("t").header("alg", "ES256").subject(subject).claim(NotRevoked.CLIENT_CLAIM, clientId)
                .issuedAt(issuedAt).build();
    }

    private static Map<String, Object> settings() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ignored: every reader reads everything");
    }

    private static void send(String userId, String type) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IDENTITY_USER, userId,
                "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    private static Jwt tokenOf(String subject) {
        return Jwt.withTokenValue("t").header("alg", "ES256").subject(subject).issuedAt(Instant.now()).build();
    }
}
