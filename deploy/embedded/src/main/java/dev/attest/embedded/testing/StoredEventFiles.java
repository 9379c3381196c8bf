package dev.attest.embedded.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.Upcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the stored form of events. Each file under a directory is one event as an event store holds it:
 * {@code {"type": <class name as stored>, "revision": <as stored>, "payload": {...}}}, and for a form that is
 * no longer written, {@code "readsAs": {...}}, the payload it must read as today. Every file is read through
 * the service's own upcaster chain and serializer and written back; the result must equal the file's
 * payload (or {@code readsAs}) field for field, so a renamed or retyped field fails here instead of
 * breaking a replay. Every event class in use needs a file of its current name and revision.
 */
public final class StoredEventFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredEventFiles() {
    }

    public static void assertEveryStoredFormReads(Path directory, Serializer serializer,
                                                  Upcaster<IntermediateEventRepresentation> upcasters,
                                                  Collection<Class<?>> eventClasses) {
        Set<String> current = new TreeSet<>();
        List<String> checked = new ArrayList<>();
        for (Path file : files(directory)) {
            JsonNode stored = read(file);
            String type = stored.path("type").asText();
            String revision = stored.path("revision").isNull() ? null : stored.path("revision").asText();
            GenericDomainEventEntry<String> entry = new GenericDomainEventEntry<>("Aggregate", "a", 0, "e-" + file,
                    Instant.EPOCH, type, revision, stored.path("payload").toString(), "{}");
            List<IntermediateEventRepresentation> upcast = upcasters.upcast(Stream.of(
                    new InitialEventRepresentation(entry, serializer))).toList();
            assertThat(upcast).as(file + " reads as one event").hasSize(1);
            Class<?> readAs = eventClasses.stream().filter(c -> c.getName().equals(upcast.get(0).getType().getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(file + " reads as "
                            + upcast.get(0).getType().getName() + ", no event class in use"));
            assertThat(upcast.get(0).getType().getRevision()).as(file + " reaches the current revision")
                    .isEqualTo(revisionOf(readAs));
            Object event = serializer.deserialize(upcast.get(0).getData());
            assertThat(event).as(file.toString()).isInstanceOf(readAs);
            JsonNode expected = stored.has("readsAs") ? stored.path("readsAs") : stored.path("payload");
            assertThat(written(serializer, event)).as(file + " written back").isEqualTo(expected);
            if (type.equals(readAs.getName()) && String.valueOf(revision).equals(revisionOf(readAs))) {
                current.add(type + "@" + revision);
            }
            checked.add(file.getFileName().toString());
        }
        List<String> missing = eventClasses.stream().map(c -> c.getName() + "@" + revisionOf(c))
                .filter(c -> !current.contains(c)).toList();
        assertThat(missing).as("event classes without a file of their current stored form in " + directory)
                .isEmpty();
        assertThat(checked).isNotEmpty();
    }

    /** The event classes of a service: records under {@code basePackage} that carry a {@link Revision}. */
    public static List<Class<?>> eventClassesIn(String basePackage) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage).stream()
                .<Class<?>>map(JavaClass::reflect)
                .filter(c -> c.isRecord() && c.isAnnotationPresent(Revision.class)).toList();
    }

    private static JsonNode written(Serializer serializer, Object event) {
        SerializedObject<String> data = serializer.serialize(event, String.class);
        try {
            return JSON.readTree(data.getData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String revisionOf(Class<?> eventClass) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
