package dev.attest.kit.eventstore;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.ReadEventDataWithGapsStatementBuilder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * The events after a tracking token that has gaps, read from the lowest gap up to the end of the batch only.
 * Axon's own query says {@code (globalIndex > ? AND globalIndex <= ?) OR globalIndex IN (gaps)}, and H2 answers
 * that OR by walking the whole primary key: under write load, when tokens have gaps, every fetch of a tracking
 * processor read the whole event store (a quarter of identity-service's CPU in a refresh run, and growing with
 * the store). Bounded by the lowest gap and the batch's end it reads that range, on H2 and PostgreSQL alike, and
 * answers the same rows: a token's gaps lie below its index.
 */
public final class GapsReadInRange implements ReadEventDataWithGapsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                   List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql(schema, gaps.size()));
        statement.setLong(1, Math.min(Collections.min(gaps), globalIndex + 1));
        statement.setLong(2, Math.max(Collections.max(gaps), globalIndex + batchSize));
        statement.setLong(3, globalIndex);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(4 + i, gaps.get(i));
        }
        return statement;
    }

    static String sql(EventSchema schema, int gaps) {
        String index = schema.globalIndexColumn();
        return "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable()
                + " WHERE " + index + " >= ? AND " + index + " <= ? AND (" + index + " > ? OR " + index + " IN ("
                + String.join(",", Collections.nCopies(gaps, "?")) + ")) ORDER BY " + index + " ASC";
    }
}
