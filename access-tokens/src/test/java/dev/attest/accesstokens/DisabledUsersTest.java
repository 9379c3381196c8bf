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

/** On a real broker: disables and enables are followed within a second, and read again from the start. */
class DisabledUsersTest {

    @TempDir
    static Path logs;
    static KafkaBroker broker;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(logs, 0);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        broker.close();
    }

    @Test
    void aDisableIsFollowedWithinASecondAndAnEnableLiftsIt() throws Exception {
        send("someone-else", "dev.attest.identity.UserCreated.v1");
        try (DisabledUsers users = new DisabledUsers(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(users::caughtUp);
            assertThat(users.isDisabled("u1")).isFalse();

            send("u1", DisabledUsers.DISABLED);
            await().atMost(Duration.ofSeconds(1)).until(() -> users.isDisabled("u1"));
            assertThat(new NotDisabled(users).validate(tokenOf("u1")).hasErrors()).isTrue();
            assertThat(new NotDisabled(users).validate(tokenOf("u2")).hasErrors()).isFalse();

            send("u1", DisabledUsers.ENABLED);
            await().atMost(Duration.ofSeconds(1)).until(() -> !users.isDisabled("u1"));
        }
    }

    @Test
    void aNewReaderKnowsEveryDisableBeforeIt() throws Exception {
        send("u3", DisabledUsers.DISABLED);
        send("u4", DisabledUsers.DISABLED);
        send("u4", DisabledUsers.ENABLED);
        try (DisabledUsers users = new DisabledUsers(settings())) {
            await().atMost(Duration.ofSeconds(20)).until(users::caughtUp);
            assertThat(users.isDisabled("u3")).isTrue();
            assertThat(users.isDisabled("u4")).isFalse();
        }
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
