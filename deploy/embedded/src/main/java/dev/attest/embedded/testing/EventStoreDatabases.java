package dev.attest.embedded.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Where a test's event store lives: a fresh in-memory H2 database in PostgreSQL mode by default, or a
 * fresh schema in the PostgreSQL named by the system property {@code attest.test.postgres-url} (set by the
 * Maven profile {@code postgres}), which must then be reachable: that run fails rather than skips.
 */
public final class EventStoreDatabases {

    public static final String POSTGRES_URL_PROPERTY = "attest.test.postgres-url";

    private static final java.util.Set<String> STALE_SCHEMAS_DROPPED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private EventStoreDatabases() {
    }

    private static void dropSchemasOfEarlierRuns(Statement statement, String pattern) throws SQLException {
        java.util.List<String> stale = new java.util.ArrayList<>();
        try (var rows = statement.executeQuery(
                "select schema_name from information_schema.schemata where schema_name like '" + pattern + "'")) {
            while (rows.next()) {
                stale.add(rows.getString(1));
            }
        }
        for (String schema : stale) {
            statement.execute("drop schema " + schema + " cascade");
        }
    }

    public static boolean onPostgres() {
        String url = System.getProperty(POSTGRES_URL_PROPERTY, "");
        return !url.isBlank();
    }

    /**
     * A JDBC URL of an empty event store database for {@code service}. On PostgreSQL the schemas earlier
     * test runs left for this service are dropped first, so the database does not fill up.
     */
    public static String fresh(String service) {
        String name = service.replaceAll("[^a-z0-9]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8);
        if (!onPostgres()) {
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH";
        }
        String url = System.getProperty(POSTGRES_URL_PROPERTY);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            if (STALE_SCHEMAS_DROPPED.add(service)) {
                dropSchemasOfEarlierRuns(statement, service.replaceAll("[^a-z0-9]", "_") + "\\_%");
            }
            statement.execute("create schema " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " is required by -Ppostgres but unusable", e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }
}
