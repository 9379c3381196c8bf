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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Pins what a platform team relies on in every published record: CloudEvents headers, key, schema. */
public final class ContractAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractAssertions() {
    }

    public static void assertConforms(ConsumerRecord<String, byte[]> record) {
        String type = TopicRecorder.header(record, CloudEventHeaders.TYPE);
        EventCatalogue.Entry entry = EventCatalogue.byCloudEventType(type).orElseThrow(
                () -> new AssertionError("unknown ce_type " + type + " on " + record.topic()));
        assertThat(record.topic()).isEqualTo(entry.topic());
        assertThat(TopicRecorder.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(TopicRecorder.header(record, CloudEventHeaders.SOURCE)).startsWith("/attest/");
        assertThat(TopicRecorder.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        JsonNode body;
        try {
            body = JSON.readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError("body of " + type + " is not JSON", e);
        }
        JsonNode context = body.path("context");
        assertThat(TopicRecorder.header(record, CloudEventHeaders.ID)).isEqualTo(context.path("eventId").asText());
        assertThat(record.key()).isEqualTo(context.path("aggregateId").asText());
        assertThat(TopicRecorder.header(record, CloudEventHeaders.SUBJECT)).isEqualTo(record.key());
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
