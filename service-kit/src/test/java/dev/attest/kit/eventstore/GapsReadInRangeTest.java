package dev.attest.kit.eventstore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GapsReadInRangeTest {

    final EventSchema schema = EventSchema.builder().build();
    final DataSource database = JdbcEventStores.inMemoryDatabase();

    @BeforeEach
    void storeEventsOneToTwenty() {
        JdbcEventStores.on(database); // creates the tables as the services do
        JdbcTemplate jdbc = new JdbcTemplate(database);
        for (long index = 1; index <= 20; index++) {
            jdbc.update("insert into domainevententry (globalindex, eventidentifier, aggregateidentifier, "
                    + "sequencenumber, type, timestamp, payloadtype, payload) values (?, ?, 'a', ?, 'T', "
                    + "'2026-11-30T00:00:00Z', 'P', ?)", index, "e" + index, index, new byte[]{'{', '}'});
        }
    }

    @Test
    void readsTheSameEventsAsAxonsOwnQuery() throws SQLException {
        List<Long> gaps = List.of(3L, 7L);
        try (Connection connection = database.getConnection()) {
            List<Long> axons = indexes(JdbcEventStorageEngineStatements.readEventDataWithGaps(connection, schema,
                    10, 5, gaps));
            List<Long> ours = indexes(new GapsReadInRange().build(connection, schema, 10, 5, gaps));

            assertThat(ours).containsExactly(3L, 7L, 11L, 12L, 13L, 14L, 15L).isEqualTo(axons);
        }
    }

    /** H2 walks the whole primary key for Axon's query; ours names the range it reads. */
    @Test
    void readsOnlyTheRangeFromTheLowestGapToTheBatchsEnd() {
        String plan = new JdbcTemplate(database).queryForObject("explain " + GapsReadInRange.sql(schema, 2)
                .replaceFirst("\\?", "3").replaceFirst("\\?", "15").replaceFirst("\\?", "10")
                .replaceFirst("\\?", "3").replaceFirst("\\?", "7"), String.class);

        assertThat(plan).containsPattern("PRIMARY_KEY_\\w*: globalindex >= CAST\\(3 AS BIGINT\\)\\s+AND globalindex <= "
                + "CAST\\(15 AS BIGINT\\)");
    }

    private static List<Long> indexes(PreparedStatement statement) throws SQLException {
        List<Long> found = new ArrayList<>();
        try (statement; ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(rows.getLong("globalindex"));
            }
        }
        return found;
    }
}
