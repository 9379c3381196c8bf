package dev.attest.embedded.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Reads topics from the start in a background thread, the way a platform team's consumer would. */
public final class TopicRecorder implements AutoCloseable {

    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public TopicRecorder(String bootstrapServers, String... topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "recorder-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topics));
        poller = new Thread(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
            }
        }, "topic-recorder");
        poller.setDaemon(true);
        poller.start();
    }

    public List<ConsumerRecord<String, byte[]>> records() {
        return List.copyOf(records);
    }

    /** Records whose CloudEvents type ends with {@code typeSuffix} (e.g. "UserCreated.v1") and match. */
    public List<ConsumerRecord<String, byte[]>> ofType(String typeSuffix, Predicate<String> body) {
        return records.stream()
                .filter(r -> header(r, "ce_type") != null && header(r, "ce_type").endsWith(typeSuffix))
                .filter(r -> body.test(new String(r.value(), StandardCharsets.UTF_8)))
                .toList();
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Every record on the broker's topics (Kafka's own excepted) that {@code topics} accepts, read from the
     * start to the end each partition had when called.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readToEnd(String bootstrapServers, Predicate<String> topics) {
        Set<String> names;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            names = admin.listTopics().names().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics of " + bootstrapServers, e);
        }
        List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = names.stream().filter(topics)
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read the topics of " + bootstrapServers + " to their end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    /** The records with CloudEvents id {@code eventId} parked so far on {@code topic}'s dead-letter topic. */
    public static List<ConsumerRecord<byte[], byte[]>> parked(String bootstrapServers, String topic, String eventId) {
        return readToEnd(bootstrapServers, (topic + ".dlt")::equals).stream()
                .filter(record -> eventId.equals(header(record, "ce_id"))).toList();
    }

    @Override
    public void close() {
        running = false;
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
