package dev.attest.kit.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import dev.attest.kit.messaging.CloudEventPublisher;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/**
 * The event store is Axon's JDBC engine (PostgreSQL in production, H2 in PostgreSQL mode by default);
 * read-model processors keep their tokens in MongoDB beside their documents, while the Kafka publisher
 * keeps its token in the event store database, so what was stored and what was published cannot drift.
 */
@AutoConfiguration
@AutoConfigureBefore(org.axonframework.springboot.autoconfig.JdbcAutoConfiguration.class)
public class EventStoreConfiguration {

    /** Metadata key of the user on whose behalf a command runs; copied onto every event it causes. */
    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";

    /**
     * A second event at an aggregate's sequence number: SQLState 23505 (unique violation) in H2 and
     * PostgreSQL alike, also when the driver reports it inside a batch exception's chain of next
     * exceptions, where Axon's error-code resolver does not look. Recognised, it becomes Axon's
     * AggregateStreamCreationException (a second creation) or ConcurrencyException (a lost race), which
     * callers handle, instead of a bare EventStoreException.
     */
    public static final PersistenceExceptionResolver DUPLICATE_KEY = failure -> {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if ("23505".equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    };

    @Bean
    public EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 org.axonframework.config.Configuration configuration) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .snapshotSerializer(snapshotSerializer())
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(DUPLICATE_KEY)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .readEventDataWithGaps(new GapsReadInRange())
                .build();
        // Both H2 (PostgreSQL mode) and PostgreSQL take the PostgreSQL DDL; statements are "if not exists".
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return engine;
    }

    /**
     * Snapshots hold an aggregate's private fields, which have no getters; this serializer reads and writes
     * fields directly. A snapshot that no longer fits its class is skipped and the events are replayed.
     */
    public static Serializer snapshotSerializer() {
        ObjectMapper fields = new ObjectMapper().findAndRegisterModules()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return JacksonSerializer.builder().objectMapper(fields).build();
    }

    /**
     * Aggregates whose streams grow with use (a user's logins, a session's refreshes) name this trigger, so
     * loading one reads at most a snapshot and 50 events.
     */
    @Bean
    public SnapshotTriggerDefinition snapshotEvery50Events(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 50);
    }

    @Bean
    @Primary
    public TokenStore tokenStore(MongoClient mongoClient, MongoProperties mongoProperties, Serializer serializer) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(mongoClient, mongoProperties.getMongoClientDatabase())
                        .build())
                .serializer(serializer)
                .build();
    }

    /**
     * Tokens kept in the event store database, for processors whose effects live there too (the Kafka
     * publisher's, notification-service's mail delivery): a token then moves in the transaction of what
     * the events did.
     */
    @Bean
    public JdbcTokenStore eventStoreTokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                                               TransactionManager transactionManager) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .build();
        transactionManager.executeInTransaction(() -> store.createSchema(PostgresTokenTableFactory.INSTANCE));
        return store;
    }

    @Bean
    public ConfigurerModule publisherUsesEventStoreTokens(ObjectProvider<JdbcTokenStore> eventStoreTokenStore) {
        return configurer -> configurer.eventProcessing().registerTokenStore(CloudEventPublisher.PROCESSING_GROUP,
                c -> eventStoreTokenStore.getObject());
    }

    @Bean(destroyMethod = "close")
    public ProcessorsAheadOfTheStore processorsAheadOfTheStore(ObjectProvider<EventProcessingConfiguration> processing,
                                                               ObjectProvider<EventStore> eventStore) {
        return new ProcessorsAheadOfTheStore(processing::getObject, eventStore::getObject);
    }

    /** Injected wherever time decides (expiry, throttling), so tests can move it. */
    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public PendingSecrets pendingSecrets(JdbcTemplate jdbc, Clock clock) {
        return new PendingSecrets(jdbc, clock);
    }

    @Bean
    public CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(ACTOR);
    }

    /**
     * Every event a command causes carries the command's correlation id, or the command's own id where it
     * has none (a request through the API): so all events of one request share one id, across services.
     * Axon's own MessageOriginProvider would name the direct cause instead, a different id at each hop.
     */
    @Bean
    public CorrelationDataProvider requestCorrelation() {
        return message -> Map.of(CORRELATION_ID,
                message.getMetaData().getOrDefault(CORRELATION_ID, message.getIdentifier()));
    }
}
