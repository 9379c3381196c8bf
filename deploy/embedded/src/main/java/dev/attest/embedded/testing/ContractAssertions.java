package dev.attest.embedded.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.attest.contracts.CloudEventHeaders;
import dev.attest.contracts.EventCatalogue;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins what a platform team relies on in every published record: CloudEvents headers, key, schema. */
public final class ContractAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractAssertions() {
    }

    /**
     * Every record on the topics of {@code published} (read from the start, so every record a test class
     * caused) conforms, and each of {@code published} was seen at least once: an event type no test
     * makes is an event type whose contract nothing checks. Returns the records for further checks.
     */
    public static List<ConsumerRecord<byte[], byte[]>> assertEveryRecordConforms(String bootstrapServers,
                                                                                 Collection<EventCatalogue.Entry> published) {
        Set<String> topics = published.stream().map(EventCatalogue.Entry::topic).collect(Collectors.toSet());
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecorder.readToEnd(bootstrapServers, topics::contains);
        records.forEach(ContractAssertions::assertConforms);
        Set<String> seen = records.stream().map(r -> TopicRecorder.header(r, CloudEventHeaders.TYPE))
                .collect(Collectors.toSet());
        assertThat(seen).as("event types published and validated (each must be made by some test of the class, so a run of "
                        + "only some of its tests fails here)")
                .containsAll(published.stream().map(EventCatalogue.Entry::cloudEventType).toList());
        return records;
    }

    public static void assertConforms(ConsumerRecord<?, byte[]> record) {
        String type = TopicRecorder.header(record, CloudEventHeaders.TYPE);
        EventCatalogue.Entry entry = EventCatalogue.byCloudEventType(type).orElseThrow(
                () -> new AssertionError("unknown ce_type " + type + " on " + record.topic()));
        assertThat(record.topic()).isEqualTo(entry.topic());
        assertThat(TopicRecorder.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(TopicRecorder.header(record, CloudEventHeaders.SOURCE)).as("source of " + type)
                .isEqualTo(entry.source());
        assertThat(TopicRecorder.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        JsonNode body;
        try {
            body = JSON.readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError("body of " + type + " is not JSON", e);
        }
        JsonNode context = body.path("context");
        assertThat(TopicRecorder.header(record, CloudEventHeaders.ID)).isEqualTo(context.path("eventId").asText());
        String key = record.key() instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : String.valueOf(record.key());
        assertThat(key).as("key of " + type).isEqualTo(context.path("aggregateId").asText());
        assertThat(TopicRecorder.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(key);
        assertThat(Instant.parse(TopicRecorder.header(record, CloudEventHeaders.TIME)))
                .isEqualTo(Instant.parse(context.path("occurredAt").asText()));
        assertThat(schema(entry).validate(body)).as(type + " against its schema").isEmpty();
    }

    private static JsonSchema schema(EventCatalogue.Entry entry) {
        return SCHEMAS.computeIfAbsent(entry.schemaResource(), resource -> {
            try (InputStream in = EventCatalogue.class.getResourceAsStream(resource)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in,
                        SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
            } catch (IOException e) {
                throw new IllegalStateException(resource, e);
            }
        });
    }
}
