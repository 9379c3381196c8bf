package dev.attest.embedded.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.bson.Document;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for secrets where an attacker who got hold of our data would look: every table of an event store
 * (events, snapshots, token store, lookup tables), every topic of a Kafka broker including dead letters
 * (keys, values and headers), every database of a MongoDB server, log files and captured output. Each
 * secret is looked for as itself and as base64, base64url, hex and URL encoding would show it; a
 * six-digit code only as a word of its own, not after a decimal point, so a timestamp or an id that happens to
 * contain it (a number of milliseconds, the microseconds of {@code 15:02:03.123456Z}, the hex digits of a UUID)
 * cannot fail a test.
 *
 * <p>Everything is searched as bytes (one character per byte), so a secret stored as UTF-8 inside
 * binary data shows as itself. Failure messages name the place and the form, never the secret.
 */
public final class SecretSearch {

    private static final Pattern CODE = Pattern.compile("\\d{6}");
    private static final Set<String> MONGO_SYSTEM_DATABASES = Set.of("admin", "config", "local");

    private final Map<String, StringBuilder> places = new LinkedHashMap<>();

    /** Every row of every table in the connection's current schema. */
    public SecretSearch eventStore(String name, DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet found = connection.getMetaData().getTables(connection.getCatalog(), connection.getSchema(),
                    "%", new String[] {"TABLE"})) {
                while (found.next()) {
                    tables.add(found.getString("TABLE_NAME"));
                }
            }
            if (tables.isEmpty()) {
                throw new AssertionError(name + " has no tables to search");
            }
            for (String table : tables) {
                StringBuilder place = place(name + " table " + table);
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("select * from \"" + table + "\"")) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            place.append(bytesAsText(rows.getObject(column))).append('\n');
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
        return this;
    }

    /** Every topic of the broker but Kafka's own, read from the start: keys, values, header names and values. */
    public SecretSearch kafka(String bootstrapServers) {
        for (ConsumerRecord<byte[], byte[]> record : TopicRecorder.readToEnd(bootstrapServers, topic -> true)) {
            StringBuilder place = place("Kafka topic " + record.topic());
            place.append(bytesAsText(record.key())).append('\n').append(bytesAsText(record.value())).append('\n');
            for (Header header : record.headers()) {
                place.append(header.key()).append('=').append(bytesAsText(header.value())).append('\n');
            }
        }
        return this;
    }

    /** Every document of every collection in every database of the server but MongoDB's own. */
    public SecretSearch mongo(String connectionString) {
        try (MongoClient client = MongoClients.create(connectionString)) {
            for (String databaseName : client.listDatabaseNames()) {
                if (MONGO_SYSTEM_DATABASES.contains(databaseName)) {
                    continue;
                }
                MongoDatabase database = client.getDatabase(databaseName);
                for (String collection : database.listCollectionNames()) {
                    StringBuilder place = place("MongoDB " + databaseName + "." + collection);
                    for (Document document : database.getCollection(collection).find()) {
                        place.append(bytesAsText(document.toJson())).append('\n');
                    }
                }
            }
        }
        return this;
    }

    /** The bytes of a file, or of every file in a directory. */
    public SecretSearch files(String name, Path path) {
        try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path).filter(Files::isRegularFile)
                : Stream.of(path)) {
            for (Path file : files.toList()) {
                place(name + " " + file.getFileName()).append(bytesAsText(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Text such as a test's captured output. */
    public SecretSearch text(String name, String text) {
        place(name).append(bytesAsText(text));
        return this;
    }

    /** The names of the places searched (each table, topic, collection, file, text). */
    public Set<String> places() {
        return places.keySet();
    }

    /** Fails unless {@code plaintext} (something harmless, like an e-mail address) shows in a place named so. */
    public SecretSearch assertVisibleIn(String placePrefix, String plaintext) {
        String needle = bytesAsText(plaintext);
        boolean seen = places.entrySet().stream().anyMatch(place -> place.getKey().startsWith(placePrefix)
                && place.getValue().indexOf(needle) >= 0);
        if (!seen) {
            throw new AssertionError("no place named " + placePrefix + "… shows plaintext, so a search there proves "
                    + "nothing (searched: " + places.keySet() + ")");
        }
        return this;
    }

    /** Fails, naming the place and the form, if any of the secrets shows anywhere. */
    public void assertNoneOf(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new AssertionError("no secrets to search for");
        }
        List<String> found = new ArrayList<>();
        for (int index = 0; index < secrets.size(); index++) {
            String secret = secrets.get(index);
            for (Form form : forms(secret)) {
                for (Map.Entry<String, StringBuilder> place : places.entrySet()) {
                    if (form.pattern().matcher(place.getValue()).find()) {
                        found.add("secret #" + (index + 1) + " (" + secret.length() + " characters) as " + form.name()
                                + " in " + place.getKey());
                    }
                }
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionError("secrets leaked:\n  " + String.join("\n  ", found));
        }
    }

    public void assertNoneOf(String... secrets) {
        assertNoneOf(List.of(secrets));
    }

    public record Form(String name, Pattern pattern) {
    }

    /**
     * The shapes a secret takes when something stores it encoded. Base64 is looked for at each of the three
     * byte offsets it could start at inside a longer encoded value (only the characters the secret alone
     * decides); a six-digit code only as a whole value, where a match cannot be chance.
     */
    public static List<Form> forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        boolean code = CODE.matcher(secret).matches();
        Map<String, String> literal = new LinkedHashMap<>();
        literal.put("hex", HexFormat.of().formatHex(bytes));
        literal.put("HEX", HexFormat.of().withUpperCase().formatHex(bytes));
        literal.put("URL-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
        literal.put("URL-encoded with %20", URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        for (int offset = 0; offset < (code ? 1 : 3); offset++) {
            literal.put("base64 at offset " + offset, base64Core(Base64.getEncoder(), bytes, offset));
            literal.put("base64url at offset " + offset, base64Core(Base64.getUrlEncoder(), bytes, offset));
        }
        List<Form> forms = new ArrayList<>();
        forms.add(new Form("itself", code
                ? Pattern.compile("(?<![0-9A-Za-z.])" + secret + "(?![0-9A-Za-z])")
                : Pattern.compile(Pattern.quote(bytesAsText(secret)))));
        Set<String> seen = new LinkedHashSet<>(List.of(secret));
        for (Map.Entry<String, String> shape : literal.entrySet()) {
            if (shape.getValue().length() >= 8 && seen.add(shape.getValue())) {
                forms.add(new Form(shape.getKey(), Pattern.compile(Pattern.quote(shape.getValue()))));
            }
        }
        return forms;
    }

    /** The characters of the base64 encoding of {@code bytes} preceded by {@code offset} other bytes that
     * depend on {@code bytes} alone. */
    private static String base64Core(Base64.Encoder encoder, byte[] bytes, int offset) {
        byte[] shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int first = (8 * offset + 5) / 6;
        int end = 8 * shifted.length / 6;
        return encoded.substring(first, end);
    }

    private StringBuilder place(String name) {
        return places.computeIfAbsent(name, n -> new StringBuilder());
    }

    /** One character per byte: what an attacker reading raw storage sees. */
    private static String bytesAsText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Blob blob) {
            try {
                return bytesAsText(blob.getBytes(1, (int) blob.length()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new String(value.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
