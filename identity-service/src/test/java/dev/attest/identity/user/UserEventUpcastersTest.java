package dev.attest.identity.user;

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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Events stored in revision 1, read from JSON fixtures of that form, come back as revision 2. */
class UserEventUpcastersTest {

    final Serializer serializer = JacksonSerializer.defaultSerializer();
    final UserEventUpcasters upcasters = new UserEventUpcasters();

    @Test
    void aRevisionOneChallengeLosesItsCiphertext() throws IOException {
        IntermediateEventRepresentation upcast = upcast(UserEventUpcasters.CHALLENGE, "SecondFactorChallengeIssued.1.json");
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        UserEvents.SecondFactorChallengeIssued event = serializer.deserialize(upcast.getData());
        assertThat(event).isEqualTo(new UserEvents.SecondFactorChallengeIssued("7b0b8c3e-1a3d-4bb2-8d43-2d6c5f3f0a11",
                "c1", "7b0b8c3e-1a3d-4bb2-8d43-2d6c5f3f0a11.x", "ada@example.com", "en", "Zm9v", null,
                Instant.parse("2026-11-28T10:10:00Z")));
    }

    @Test
    void aRevisionOneLinkLosesItsCiphertext() throws IOException {
        IntermediateEventRepresentation upcast = upcast(UserEventUpcasters.LINK, "PasswordSetupLinkIssued.1.json");
        assertThat(upcast.getType().getRevision()).isEqualTo("2");
        UserEvents.PasswordSetupLinkIssued event = serializer.deserialize(upcast.getData());
        assertThat(event.tokenHash()).isEqualTo("YmFy");
        assertThat(event.mailSecretId()).isNull();
        assertThat(event.expiresAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void otherEventsAndRevisionsPassUntouched() throws IOException {
        IntermediateEventRepresentation current = new InitialEventRepresentation(entry(UserEventUpcasters.LINK, "2",
                "{\"userId\":\"u\"}"), serializer);
        assertThat(upcasters.upcast(Stream.of(current)).findFirst().orElseThrow()).isSameAs(current);
    }

    private IntermediateEventRepresentation upcast(String type, String fixture) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/stored-events/" + fixture)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return upcasters.upcast(Stream.of(new InitialEventRepresentation(entry(type, "1", json), serializer)))
                    .findFirst().orElseThrow();
        }
    }

    private static GenericDomainEventEntry<String> entry(String type, String revision, String json) {
        return new GenericDomainEventEntry<>("User", "u", 0, "e1", Instant.EPOCH, type, revision, json, "{}");
    }
}
