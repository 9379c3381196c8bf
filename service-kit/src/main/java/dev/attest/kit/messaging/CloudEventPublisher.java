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
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Base of each service's outbound publisher: a tracking processor in {@link #PROCESSING_GROUP} whose
 * handlers map domain events to contract events and call {@link #publish}. A batch of events is sent at
 * once and the broker's acknowledgements are awaited before the batch commits, so the processor's token
 * only moves past events Kafka has stored; a failure rolls the batch back and the processor retries it
 * (at-least-once, in order: the producer is idempotent).
 */
public abstract class CloudEventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final String UNACKNOWLEDGED = CloudEventPublisher.class.getName() + ".unacknowledged";

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
        Sent sent = new Sent(entry.cloudEventType() + " " + context.eventId(), kafka.send(record));
        if (!CurrentUnitOfWork.isStarted()) {
            sent.awaitAcknowledgement();
            return;
        }
        // One wait for the whole batch, before its token is committed: the sends overlap.
        CurrentUnitOfWork.get().root().getOrComputeResource(UNACKNOWLEDGED, key -> {
            List<Sent> batch = new ArrayList<>();
            CurrentUnitOfWork.get().root().onPrepareCommit(unitOfWork -> batch.forEach(Sent::awaitAcknowledgement));
            return batch;
        }).add(sent);
    }

    private record Sent(String what, CompletableFuture<?> acknowledgement) {

        void awaitAcknowledgement() {
            try {
                acknowledgement.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing " + what, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge " + what, e);
            }
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
