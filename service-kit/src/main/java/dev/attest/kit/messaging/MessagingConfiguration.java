package dev.attest.kit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Duration;
import java.util.stream.Stream;

/** Kafka wiring shared by every service: topics, the inbox, and what happens when handling fails. */
@AutoConfiguration
public class MessagingConfiguration {

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
     * A record whose handling keeps failing is retried with back-off for about a minute, then parked on
     * {@code <topic>.dlt} with the failure in its headers: the partition moves on and nothing is lost.
     * A malformed record is parked at once.
     */
    @Bean
    public DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(60_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(record.topic() + ".dlt", record.partition())),
                backOff);
        handler.addNotRetryableExceptions(CloudEventInbox.MalformedEvent.class);
        return handler;
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
