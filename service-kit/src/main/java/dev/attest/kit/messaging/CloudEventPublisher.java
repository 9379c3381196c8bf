package dev.attest.kit.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.CloudEventHeaders;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;
import dev.attest.kit.eventstore.EventStoreConfiguration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Base of each service's outbound publisher: a tracking processor in {@link #PROCESSING_GROUP} whose
 * handlers map domain events to contract events and call {@link #publish}. Publishing waits for the
 * broker's acknowledgement, so the processor's token only moves past an event Kafka has stored; a
 * failure stops the processor, which retries the same event (at-least-once).
 */
public abstract class CloudEventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, byte[]> kafka;
    private final ObjectMapper json;
    private final String source;

    protected CloudEventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json, String source) {
        this.kafka = kafka;
        this.json = json;
        this.source = source;
    }

    /** The context of the integration event mapped from {@code message}; its id becomes {@code ce_id}. */
    protected static EventContext context(EventMessage<?> message, String aggregateId, String clientId) {
        Object actor = message.getMetaData().get(EventStoreConfiguration.ACTOR);
        Object correlation = message.getMetaData().get(EventStoreConfiguration.CORRELATION_ID);
        return new EventContext(UUID.fromString(message.getIdentifier()), message.getTimestamp(), aggregateId,
                clientId, actor == null ? EventContext.SYSTEM : actor.toString(),
                correlation == null ? message.getIdentifier() : correlation.toString());
    }

    protected void publish(IntegrationEvent event) {
        EventCatalogue.Entry entry = EventCatalogue.of(event.getClass());
        EventContext context = Objects.requireNonNull(event.context(), "context");
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(entry.topic(), context.aggregateId(), serialize(event));
        Headers headers = record.headers();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        header(headers, CloudEventHeaders.ID, context.eventId().toString());
        header(headers, CloudEventHeaders.TYPE, entry.cloudEventType());
        header(headers, CloudEventHeaders.SOURCE, source);
        header(headers, CloudEventHeaders.TIME, context.occurredAt().toString());
        header(headers, CloudEventHeaders.SUBJECT, context.aggregateId());
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        try {
            kafka.send(record).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + entry.cloudEventType(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + entry.cloudEventType()
                    + " " + context.eventId(), e);
        }
    }

    private byte[] serialize(IntegrationEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
