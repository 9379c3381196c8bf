package dev.attest.accesstokens;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.attest.contracts.CloudEventHeaders;
import dev.attest.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access taken away after tokens were issued: the users identity-service has disabled ({@code UserDisabled} /
 * {@code UserEnabled} on {@value Topics#IDENTITY_USER}, keyed by user id), API access ended and API keys revoked
 * ({@code ApiAccessRevoked}, {@code ApiKeyRevoked}, same topic), and the guest memberships that ended
 * ({@code ClientLeft} on {@value Topics#MEMBERSHIP_MEMBERSHIP}). Every instance reads every partition from the
 * start, without a consumer group, and then follows the topics: a revocation reaches it as soon as the broker has
 * it (a waiting fetch is answered when a record arrives, so the long waits below cost no latency, only the idle
 * polling: ten loops a second were 5–9 ms of CPU a second in every JVM, and as much again in the broker).
 * Until it has read up to where the topics ended when it started, {@link #caughtUp()} is false.
 */
public final class RevokedAccess implements AutoCloseable {

    static final String DISABLED = "dev.attest.identity.UserDisabled.v1";
    static final String ENABLED = "dev.attest.identity.UserEnabled.v1";
    static final String CLIENT_LEFT = "dev.attest.membership.ClientLeft.v1";
    static final String API_ACCESS_REVOKED = "dev.attest.identity.ApiAccessRevoked.v1";
    static final String API_KEY_REVOKED = "dev.attest.identity.ApiKeyRevoked.v1";
    private static final List<String> TOPICS = List.of(Topics.IDENTITY_USER, Topics.MEMBERSHIP_MEMBERSHIP);
    private static final Logger log = LoggerFactory.getLogger(RevokedAccess.class);
    /** How long the broker holds a fetch that finds nothing new, and a poll waits for one. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(5);
    /** Until caught up, a poll's wait: how soon {@link #caughtUp()} turns true on topics read to their end. */
    private static final Duration CATCHING_UP = Duration.ofMillis(100);

    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    /** "userId clientId" → when the membership ended, to the second (a token's issue time has no more). */
    private final Map<String, Instant> left = new ConcurrentHashMap<>();
    /** user id → when API access was last turned off, to the second. */
    private final Map<String, Instant> apiAccessEnded = new ConcurrentHashMap<>();
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread follower;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /** @param kafka consumer settings: at least the bootstrap servers, and whatever security they need */
    public RevokedAccess(Map<String, Object> kafka) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) IDLE_WAIT.toMillis());
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        follower = new Thread(this::follow, "revoked-access");
        follower.setDaemon(true);
        follower.start();
    }

    public boolean isDisabled(String userId) {
        return userId != null && disabled.contains(userId);
    }

    /**
     * Whether a token of {@code userId} for {@code clientId} issued at {@code issuedAt} predates the end of the
     * user's membership there. A token issued in the same second as the end counts as before it: a guest who
     * left and was let in again within that second logs in once more.
     */
    public boolean hasLeft(String userId, String clientId, Instant issuedAt) {
        if (userId == null || clientId == null) {
            return false;
        }
        Instant ended = left.get(userId + " " + clientId);
        return ended != null && (issuedAt == null || !issuedAt.truncatedTo(ChronoUnit.SECONDS).isAfter(ended));
    }

    /**
     * Whether an API token of {@code userId}, obtained with {@code keyId} at {@code issuedAt}, lost its ground
     * since: the key was revoked, or the user's API access ended no earlier than the second it was issued in.
     */
    public boolean apiAccessRevoked(String userId, String keyId, Instant issuedAt) {
        if (keyId != null && revokedKeys.contains(keyId)) {
            return true;
        }
        Instant ended = userId == null ? null : apiAccessEnded.get(userId);
        return ended != null && (issuedAt == null || !issuedAt.truncatedTo(ChronoUnit.SECONDS).isAfter(ended));
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = waitForPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> startedAt = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(caughtUp ? IDLE_WAIT : CATCHING_UP)) {
                    apply(record);
                }
                if (!caughtUp && startedAt.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    caughtUp = true;
                    log.info("Read every revocation so far: {} users disabled, {} memberships ended", disabled.size(),
                            left.size());
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer
        } catch (RuntimeException e) {
            log.error("Stopped following revocations; tokens of users disabled or memberships ended from now on "
                    + "are not refused", e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** The topics may not exist yet on a new platform: the services create them when they start. */
    private List<TopicPartition> waitForPartitions() {
        while (running) {
            List<TopicPartition> found = new ArrayList<>();
            try {
                for (String topic : TOPICS) {
                    var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                    if (partitions != null) {
                        partitions.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
                    }
                }
            } catch (org.apache.kafka.common.errors.TimeoutException brokerNotThereYet) {
                log.debug("No metadata for {} yet", TOPICS);
            }
            if (TOPICS.stream().allMatch(topic -> found.stream().anyMatch(p -> p.topic().equals(topic)))) {
                return found;
            }
        }
        throw new WakeupException();
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type == null || record.key() == null) {
            return;
        }
        String eventType = new String(type.value(), StandardCharsets.UTF_8);
        if (DISABLED.equals(eventType)) {
            disabled.add(record.key());
        } else if (ENABLED.equals(eventType)) {
            disabled.remove(record.key());
        } else if (CLIENT_LEFT.equals(eventType)) {
            recordLeft(record);
        } else if (API_ACCESS_REVOKED.equals(eventType)) {
            apiAccessEnded.merge(record.key(), timeOf(record), (a, b) -> a.isAfter(b) ? a : b);
        } else if (API_KEY_REVOKED.equals(eventType)) {
            String keyId = field(record, "keyId");
            if (keyId != null) {
                revokedKeys.add(keyId);
            }
        }
    }

    private void recordLeft(ConsumerRecord<String, byte[]> record) {
        String userId = field(record, "userId");
        String clientId = field(record, "clientId");
        if (userId != null && clientId != null) {
            left.merge(userId + " " + clientId, timeOf(record), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** ce_time is the event's occurredAt, always as ISO-8601 text; to the second, as a token's issue time. */
    private static Instant timeOf(ConsumerRecord<String, byte[]> record) {
        Header time = record.headers().lastHeader(CloudEventHeaders.TIME);
        try {
            return Instant.parse(new String(time.value(), StandardCharsets.UTF_8)).truncatedTo(ChronoUnit.SECONDS);
        } catch (RuntimeException missingOrMalformed) {
            // Unknown: then it counts from the end of time, refusing every token until it is read right.
            log.warn("A record at offset {} of {} has no readable ce_time", record.offset(), record.topic());
            return Instant.MAX;
        }
    }

    private static String field(ConsumerRecord<String, byte[]> record, String name) {
        try {
            return JSONObjectUtils.getString(JSONObjectUtils.parse(new String(record.value(), StandardCharsets.UTF_8)),
                    name);
        } catch (ParseException | RuntimeException malformed) {
            // The services park it on their dead-letter topic; here it is only not known.
            log.warn("A record at offset {} of {} could not be read", record.offset(), record.topic());
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            follower.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
