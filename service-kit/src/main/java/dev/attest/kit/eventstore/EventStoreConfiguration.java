package dev.attest.kit.eventstore;

import com.mongodb.client.MongoClient;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureBefore;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import dev.attest.kit.messaging.CloudEventPublisher;

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

    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 org.axonframework.config.Configuration configuration) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .build();
        // Both H2 (PostgreSQL mode) and PostgreSQL take the PostgreSQL DDL; statements are "if not exists".
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return engine;
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

    @Bean
    public JdbcTokenStore publisherTokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                                              TransactionManager transactionManager) {
        JdbcTokenStore store = JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .build();
        transactionManager.executeInTransaction(() -> store.createSchema(PostgresTokenTableFactory.INSTANCE));
        return store;
    }

    @Bean
    public ConfigurerModule publisherUsesEventStoreTokens(ObjectProvider<JdbcTokenStore> publisherTokenStore) {
        return configurer -> configurer.eventProcessing().registerTokenStore(CloudEventPublisher.PROCESSING_GROUP,
                c -> publisherTokenStore.getObject());
    }

    @Bean
    public CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(ACTOR);
    }
}
