package dev.attest.kit.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
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
        return on(inMemoryDatabase());
    }

    /** A fresh in-memory H2 database in PostgreSQL mode, as the embedded platform runs it. */
    public static DataSource inMemoryDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:events-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        return database;
    }

    /** An event store in {@code database}, each statement committed on its own. */
    public static EventStore on(DataSource database) {
        return build(new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(database)),
                NoTransactionManager.INSTANCE);
    }

    /**
     * An event store in {@code database} that takes part in Spring's transaction on it, as in the services: what
     * a command stores and what it writes with a {@code JdbcTemplate} on the same database commit together.
     * {@code transactions} must also be the command bus's.
     */
    public static EventStore inSpringTransactions(DataSource database, TransactionManager transactions) {
        return build(new SpringDataSourceConnectionProvider(database), transactions);
    }

    private static EventStore build(ConnectionProvider connections, TransactionManager transactions) {
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .eventSerializer(JacksonSerializer.builder()
                        .objectMapper(new ObjectMapper().findAndRegisterModules()).build())
                .snapshotSerializer(EventStoreConfiguration.snapshotSerializer())
                .persistenceExceptionResolver(EventStoreConfiguration.DUPLICATE_KEY)
                .connectionProvider(connections)
                .transactionManager(transactions)
                .readEventDataWithGaps(new GapsReadInRange())
                .build();
        engine.createSchema(PostgresEventTableFactory.INSTANCE);
        return EmbeddedEventStore.builder().storageEngine(engine).build();
    }
}
