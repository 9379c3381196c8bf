package dev.attest.kit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** Kafka wiring shared by every service: topics, the inbox, and what happens when handling fails. */
@AutoConfiguration
public class MessagingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MessagingConfiguration.class);

    @Bean
    public CloudEventInbox cloudEventInbox(MongoTemplate mongo, ObjectMapper json) {
        return new CloudEventInbox(mongo, json);
    }

    /**
     * How long internal topics keep a record: as long as the longest-lived secret they carry (a
     * set-password link, 72 hours) and no longer, so a leaked broker holds few openable secrets.
     */
    static final Duration INTERNAL_RETENTION = Duration.ofHours(72);

    /**
     * Creates every topic (and its dead-letter topic) if the broker lacks it: the published ones keep
     * their records as the broker's default says, the internal ones for {@link #INTERNAL_RETENTION}.
     */
    @Bean
    public KafkaAdmin.NewTopics contractTopics() {
        return new KafkaAdmin.NewTopics(EventCatalogue.ALL.stream()
                .map(EventCatalogue.Entry::topic).distinct()
                .flatMap(topic -> Stream.of(topic, topic + ".dlt"))
                .map(topic -> {
                    TopicBuilder builder = TopicBuilder.name(topic).partitions(3);
                    return topic.startsWith(Topics.INTERNAL_PREFIX)
                            ? builder.config(TopicConfig.RETENTION_MS_CONFIG,
                                    Long.toString(INTERNAL_RETENTION.toMillis())).build()
                            : builder.build();
                })
                .toArray(NewTopic[]::new));
    }

    /**
     * What a Kafka consumer does when handling a record fails:
     * <ul>
     * <li>the infrastructure is away ({@link TransientFaults}): retry with back-off growing to 30 s for as
     * long as it takes, logging while stuck, so an outage of
     * any length loses nothing and keeps each key's order;</li>
     * <li>the record can never be handled (malformed, or a type no catalogue knows): park it on
     * {@code <topic>.dlt} at once;</li>
     * <li>anything else: retry for {@code attest.messaging.give-up-after} (a minute), then park it.</li>
     * </ul>
     * Every failed attempt is logged and counted ({@code attest.kafka.retries}). A parked record carries the
     * failure in its headers; the partition moves on.
     */
    @Bean
    public DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template, MeterRegistry meters,
                                                 @Value("${attest.messaging.give-up-after:60s}") Duration giveUpAfter) {
        ExponentialBackOff bounded = backOff();
        bounded.setMaxElapsedTime(giveUpAfter.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(record.topic() + ".dlt", record.partition())), bounded);
        handler.setBackOffFunction((record, failure) -> TransientFaults.isTransient(failure) ? backOff() : null);
        handler.addNotRetryableExceptions(CloudEventInbox.MalformedEvent.class);
        handler.setRetryListeners((record, failure, attempt) -> {
            meters.counter("attest.kafka.retries", "topic", record.topic()).increment();
            if (TransientFaults.isTransient(failure)) {
                log.warn("Stuck on {}-{}@{} (attempt {}), waiting for the infrastructure: {}", record.topic(),
                        record.partition(), record.offset(), attempt, rootCause(failure).toString());
            } else {
                log.warn("Handling {}-{}@{} failed (attempt {})", record.topic(), record.partition(),
                        record.offset(), attempt, failure);
            }
        });
        return handler;
    }

    /** Doubling from 200 ms to 30 s, without end. */
    private static ExponentialBackOff backOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * A consumer's read models live in MongoDB, its position in Kafka. A partition this service's database
     * has never consumed is read from the start ({@link CloudEventInbox#firstConsumedHere}), so dropping
     * the database and restarting rebuilds what came from Kafka, as the event processors rebuild what
     * came from the event store.
     */
    @Bean
    public ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> readFromTheStartIntoNewReadModels(
            CloudEventInbox inbox) {
        return container -> container.getContainerProperties().setConsumerRebalanceListener(
                new ConsumerAwareRebalanceListener() {
                    @Override
                    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                        List<TopicPartition> first = inbox.firstConsumedHere(container.getGroupId(), partitions);
                        if (!first.isEmpty()) {
                            log.info("Reading {} from the start: this database has not consumed them", first);
                            consumer.seekToBeginning(first);
                        }
                    }
                });
    }

    /**
     * Every event processor (publisher, projections, mail delivery) stops and retries the same event on
     * failure, with back-off, instead of Axon's default of logging and skipping it.
     */
    @Bean
    public ConfigurerModule processorsRetryInsteadOfSkipping() {
        return configurer -> configurer.eventProcessing().registerDefaultListenerInvocationErrorHandler(
                c -> PropagatingErrorHandler.instance());
    }
}
