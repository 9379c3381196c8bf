package dev.attest.kit.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;

import java.util.UUID;

/**
 * An event store on a real JDBC database (in-memory H2 in PostgreSQL mode), built like the services build
 * theirs: the same tables, the same duplicate-key resolver, the same snapshot serializer. For what an
 * aggregate test fixture cannot show, such as what a second creation of an aggregate throws.
 */
public final class JdbcEventStores {

    private JdbcEventStores() {
    }

    public static EventStore inMemory() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .eventSerializer(JacksonSerializer.builder()
                        .objectMapper(new ObjectMapper().findAndRegisterModules()).build())
                .snapshotSerializer(EventStoreConfiguration.snapshotSerializer())
                .persistenceExceptionResolver(EventStoreConfiguration.DUPLICATE_KEY)
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new DataSourceConnectionProvider(database)))
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return EmbeddedEventStore.builder().storageEngine(engine).build();
    }
}
