package dev.attest.accesstokens;

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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users identity-service has disabled, as its {@code UserDisabled} and {@code UserEnabled} events on
 * {@value Topics#IDENTITY_USER} say (the record key is the user id; one user's events share a partition,
 * so they arrive in order). Every instance reads every partition from the start, without a consumer group,
 * and then follows the topic: a disable reaches it within a poll (100 ms). Until it has read up to where
 * the topic ended when it started, {@link #caughtUp()} is false.
 */
public final class DisabledUsers implements AutoCloseable {

    static final String DISABLED = "dev.attest.identity.UserDisabled.v1";
    static final String ENABLED = "dev.attest.identity.UserEnabled.v1";
    private static final Logger log = LoggerFactory.getLogger(DisabledUsers.class);

    private final Set<String> disabled = ConcurrentHashMap.newKeySet();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread follower;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /** @param kafka consumer settings: at least the bootstrap servers, and whatever security they need */
    public DisabledUsers(Map<String, Object> kafka) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer());
        follower = new Thread(this::follow, "disabled-users");
        follower.setDaemon(true);
        follower.start();
    }

    public boolean isDisabled(String userId) {
        return userId != null && disabled.contains(userId);
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
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    apply(record);
                }
                if (!caughtUp && startedAt.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue())) {
                    caughtUp = true;
                    log.info("Read every disable so far: {} users disabled", disabled.size());
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer
        } catch (RuntimeException e) {
            log.error("Stopped following disabled users; tokens of users disabled from now on are not refused", e);
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** The topic may not exist yet on a new platform: identity-service creates it with its first event. */
    private List<TopicPartition> waitForPartitions() {
        while (running) {
            try {
                var found = consumer.partitionsFor(Topics.IDENTITY_USER, Duration.ofSeconds(5));
                if (found != null && !found.isEmpty()) {
                    return found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException brokerNotThereYet) {
                log.debug("No metadata for {} yet", Topics.IDENTITY_USER);
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
