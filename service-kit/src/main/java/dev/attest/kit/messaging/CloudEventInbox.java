package dev.attest.kit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.CloudEventHeaders;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.IntegrationEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes every Kafka consumer idempotent on the CloudEvents id: an event's effect runs at most once per
 * id recorded here. The id is recorded after the effect, so a crash in between redelivers the event;
 * the effects themselves (commands with deterministic ids) tolerate that.
 */
public class CloudEventInbox {

    static final String COLLECTION = "inbox";
    static final String POSITIONS = "consumed_partitions";
    private static final Logger log = LoggerFactory.getLogger(CloudEventInbox.class);

    private final MongoTemplate mongo;
    private final ObjectMapper json;

    public CloudEventInbox(MongoTemplate mongo, ObjectMapper json) {
        this.mongo = mongo;
        this.json = json;
    }

    /**
     * Of {@code partitions} assigned to consumer group {@code group}, those this service's database has
     * no record of consuming (a new database, or one dropped to be rebuilt), now recorded. The consumer
     * reads them from the start: the read models are built from all the topic holds, and this inbox
     * makes what was handled before harmless.
     */
    public List<TopicPartition> firstConsumedHere(String group, Collection<TopicPartition> partitions) {
        List<TopicPartition> first = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            String id = group + "/" + partition.topic() + "/" + partition.partition();
            try {
                mongo.insert(new Document("_id", id).append("since", Instant.now().toString()), POSITIONS);
                first.add(partition);
            } catch (DuplicateKeyException consumedBefore) {
                // its read models already hold what the group's committed offset says
            }
        }
        return first;
    }

    /**
     * Runs {@code effect} on the decoded event if its type is one of {@code handled} and its CloudEvents id was not
     * handled before. An event of another type is passed over without a look at the database: a topic carries
     * many kinds of events, and most consumers need few of them.
     */
    public void once(ConsumerRecord<String, byte[]> record, Set<Class<? extends IntegrationEvent>> handled,
                     Consumer<IntegrationEvent> effect) {
        String id = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        if (id == null || type == null) {
            log.warn("Skipping a record without CloudEvents id or type on {}@{}", record.topic(), record.offset());
            return;
        }
        EventCatalogue.Entry entry = EventCatalogue.byCloudEventType(type)
                .orElseThrow(() -> new MalformedEvent("unknown CloudEvents type " + type, null));
        if (!handled.contains(entry.type())) {
            return;
        }
        if (mongo.findById(id, Document.class, COLLECTION) != null) {
            log.debug("Event {} was handled before", id);
            return;
        }
        effect.accept(decode(entry, record.value()));
        try {
            mongo.insert(new Document("_id", id).append("type", type).append("handledAt", Instant.now().toString()),
                    COLLECTION);
        } catch (DuplicateKeyException concurrentDuplicate) {
            log.debug("Event {} was recorded concurrently", id);
        }
    }

    /** The event; a body that does not fit its type can never be handled. */
    private IntegrationEvent decode(EventCatalogue.Entry entry, byte[] body) {
        try {
            return json.readValue(body, entry.type());
        } catch (IOException e) {
            throw new MalformedEvent("malformed " + entry.cloudEventType() + " body", e);
        }
    }

    /** A record that can never be handled; retrying cannot help, so it is parked at once. */
    public static class MalformedEvent extends RuntimeException {

        MalformedEvent(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
