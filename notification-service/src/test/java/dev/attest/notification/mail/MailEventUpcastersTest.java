package dev.attest.notification.mail;

import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A mail request stored in revision 1, read from a JSON fixture of that form, comes back as revision 2. */
class MailEventUpcastersTest {

    final Serializer serializer = JacksonSerializer.builder().build();

    @Test
    void aRevisionOneRequestLosesItsCiphertext() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/stored-events/MailRequested.1.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        IntermediateEventRepresentation upcast = new MailEventUpcasters().upcast(Stream.of(new InitialEventRepresentation(
                new GenericDomainEventEntry<>("Mail", "m1", 0, "e1", Instant.EPOCH, MailEventUpcasters.REQUESTED, "1",
                        json, "{}"), serializer))).findFirst().orElseThrow();
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        MailEvents.MailRequested event = serializer.deserialize(upcast.getData());
        assertThat(event).isEqualTo(new MailEvents.MailRequested("m1", "ada@acme.test", Template.WELCOME, "de",
                Map.of("firstName", "Ada", "userId", "u1"), null));
    }
}
