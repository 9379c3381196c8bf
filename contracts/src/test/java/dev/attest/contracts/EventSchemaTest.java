package dev.attest.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.attest.contracts.identity.v1.AdministratorRejected;
import dev.attest.contracts.identity.v1.ApiAccessGranted;
import dev.attest.contracts.identity.v1.ApiAccessRevoked;
import dev.attest.contracts.identity.v1.ApiKeyCreated;
import dev.attest.contracts.identity.v1.ApiKeyRevoked;
import dev.attest.contracts.identity.v1.LoginFailed;
import dev.attest.contracts.identity.v1.LoginSucceeded;
import dev.attest.contracts.identity.v1.EmailChangeRequested;
import dev.attest.contracts.identity.v1.EmailChangeReverted;
import dev.attest.contracts.identity.v1.EmailChanged;
import dev.attest.contracts.identity.v1.ClientTwoFactorPolicyChanged;
import dev.attest.contracts.identity.v1.ExternalIdentityLinked;
import dev.attest.contracts.identity.v1.PasswordChanged;
import dev.attest.contracts.identity.v1.SecondFactorChanged;
import dev.attest.contracts.identity.v1.PasswordResetLinkIssued;
import dev.attest.contracts.identity.v1.PasswordSet;
import dev.attest.contracts.identity.v1.PersonalDataChanged;
import dev.attest.contracts.identity.v1.UserDisabled;
import dev.attest.contracts.identity.v1.UserEnabled;
import dev.attest.contracts.identity.v1.PasswordSetupLinkIssued;
import dev.attest.contracts.identity.v1.SecondFactorCodeIssued;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.internal.v1.NoticeMailRequested;
import dev.attest.contracts.internal.v1.SecretMailRequested;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.GroupLeft;
import dev.attest.contracts.membership.v1.InvitationAccepted;
import dev.attest.contracts.membership.v1.InvitationDelivered;
import dev.attest.contracts.membership.v1.InvitationRejected;
import dev.attest.contracts.membership.v1.InvitationRevoked;
import dev.attest.contracts.membership.v1.InvitationSent;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupChanged;
import dev.attest.contracts.membership.v1.UserGroupDeleted;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String JWE = "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a2V5.aXY.Y2lwaGVy.dGFn";
    private static final Instant NOW = Instant.parse("2026-11-28T10:15:30Z");

    static List<IntegrationEvent> samples() {
        return List.of(
                new UserCreated(context("u1"), "u1", "c1", "ada@example.com", "Ada", "Lovelace", "en", List.of("g1")),
                new PasswordSetupLinkIssued(context("u1"), "u1", "ada@example.com", "Ada", "de", NOW),
                new PasswordSet(context("u1"), "u1"),
                new PersonalDataChanged(context("u1"), "u1", "Ada", "King", "en"),
                new UserDisabled(context("u1"), "u1"),
                new UserEnabled(context("u1"), "u1"),
                new PasswordResetLinkIssued(context("u1"), "u1", "ada@example.com", "en", NOW),
                new PasswordChanged(context("u1"), "u1", "RESET"),
                new EmailChangeRequested(context("u1"), "u1", "ada.king@example.com", NOW),
                new EmailChanged(context("u1"), "u1", "ada@example.com", "ada.king@example.com"),
                new EmailChangeReverted(context("u1"), "u1", "ada@example.com"),
                new SecondFactorChanged(context("u1"), "u1", "RECOVERY_CODE_USED", true, "TOTP", 9),
                new ClientTwoFactorPolicyChanged(context("c1"), "c1", true, true),
                new SecondFactorCodeIssued(context("u1"), "u1", "ada@example.com", "en", "ch1", NOW),
                new LoginSucceeded(context("u1"), "u1", "EMAIL", "PASSWORD", null),
                new ExternalIdentityLinked(context("u1"), "u1", "google"),
                new LoginFailed(context("u1"), "u1", "WRONG_PASSWORD", "PASSWORD"),
                new AdministratorRejected(context("c1"), "c1", "ada@example.com", "EMAIL_TAKEN"),
                new ApiAccessGranted(context("u1"), "u1"),
                new ApiAccessRevoked(context("u1"), "u1"),
                new ApiKeyCreated(context("u1"), "u1", "k1", "CI pipeline", NOW),
                new ApiKeyRevoked(context("u1"), "u1", "k1"),
                new ClientCreated(context("c1"), "c1", "Acme", "g1",
                        new ClientCreated.Administrator("ada@example.com", "Ada", "Lovelace", "en")),
                new UserGroupCreated(context("g1"), "g1", "c1", "Administrators", EnumSet.allOf(Permission.class), false),
                new UserGroupChanged(context("g1"), "g1", "c1", "Readers", EnumSet.of(Permission.USERS_READ), true),
                new UserGroupDeleted(context("g1"), "g1", "c1"),
                new MembershipStarted(context("m1"), "m1", "u1", "c1", MembershipStarted.Kind.MAIN, List.of("g1")),
                new GroupJoined(context("m1"), "m1", "u1", "c1", "g2"),
                new GroupLeft(context("m1"), "m1", "u1", "c1", "g2"),
                new ClientLeft(context("m1"), "m1", "u1", "c1", ClientLeft.Reason.LEFT),
                new InvitationSent(context("i1"), "i1", "c1", "g1", "bob@example.com", NOW),
                new InvitationDelivered(context("i1"), "i1", "c1", "u2", "bob@example.com", "Bob", "de", "Acme",
                        "Readers", "Ada Lovelace", NOW),
                new InvitationAccepted(context("i1"), "i1", "c1", "u2", "g1", "m2"),
                new InvitationRejected(context("i1"), "i1", "c1", "u2"),
                new InvitationRevoked(context("i1"), "i1", "c1"),
                new SecretMailRequested(context("u1"), "u1", "ada@example.com", SecretMailRequested.Template.WELCOME,
                        "de", "Ada", JWE, NOW),
                new NoticeMailRequested(context("u1"), "u1", "ada@example.com",
                        NoticeMailRequested.Template.SIGN_IN_WITH_PROVIDER, "en", "Ada", Map.of("provider", "google")));
    }

    @Test
    void everyCatalogueEntryHasASampleAndASchema() {
        assertThat(samples()).extracting(Object::getClass)
                .containsExactlyInAnyOrderElementsOf(EventCatalogue.ALL.stream().map(EventCatalogue.Entry::type).toList());
        EventCatalogue.ALL.forEach(entry -> assertThat(schema(entry)).as(entry.cloudEventType()).isNotNull());
    }

    /** Names that sound secret and are not: each is an integer count, which its schema must say. */
    private static final java.util.Set<String> COUNTS = java.util.Set.of("recoveryCodesLeft");

    @Test
    void noPublishedEventCarriesSecretMaterial() {
        for (EventCatalogue.Entry entry : EventCatalogue.ENTRIES) {
            assertThat(entry.topic()).doesNotStartWith(Topics.INTERNAL_PREFIX);
            JsonNode schema = schema(entry).getSchemaNode();
            assertThat(propertyNames(schema)).as(entry.cloudEventType())
                    .filteredOn(name -> !COUNTS.contains(name))
                    .noneMatch(name -> name.matches("(?i).*(encrypted|secret|password|token|code|hash|jwe).*"));
            COUNTS.stream().filter(schema.path("properties")::has).forEach(count -> assertThat(
                    schema.path("properties").path(count).path("type").asText()).as(count).isEqualTo("integer"));
        }
        EventCatalogue.INTERNAL.forEach(entry -> assertThat(entry.topic()).startsWith(Topics.INTERNAL_PREFIX));
    }

    @Test
    void everySerializedEventValidatesAgainstItsSchema() throws Exception {
        for (IntegrationEvent event : samples()) {
            JsonNode body = JSON.valueToTree(event);
            assertThat(schema(EventCatalogue.of(event.getClass())).validate(body))
                    .as(event.getClass().getSimpleName()).isEmpty();
        }
    }

    @Test
    void schemasRejectMissingAndUnknownFields() {
        for (IntegrationEvent event : samples()) {
            JsonSchema schema = schema(EventCatalogue.of(event.getClass()));
            ObjectNode withoutContext = JSON.valueToTree(event);
            withoutContext.remove("context");
            assertThat(schema.validate(withoutContext)).isNotEmpty();
            ObjectNode withExtra = JSON.valueToTree(event);
            withExtra.put("password", "secret");
            assertThat(schema.validate(withExtra)).isNotEmpty();
        }
    }

    @Test
    void schemasRejectAMalformedEmail() {
        ObjectNode body = JSON.valueToTree(samples().get(0));
        body.put("email", "not-an-address");
        assertThat(schema(EventCatalogue.of(UserCreated.class)).validate(body)).isNotEmpty();
    }

    @Test
    void theAsyncApiDocumentAndTheCatalogueNameTheSameEvents() throws Exception {
        String asyncApi = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/asyncapi.yaml"));
        String catalogue = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/events.md"));
        for (EventCatalogue.Entry entry : EventCatalogue.ENTRIES) {
            assertThat(asyncApi).contains("name: " + entry.cloudEventType(), "address: " + entry.topic());
            assertThat(catalogue).contains("| " + entry.type().getSimpleName() + " |", entry.topic());
        }
    }

    private static List<String> propertyNames(JsonNode schema) {
        List<String> names = new java.util.ArrayList<>();
        schema.findValues("properties").forEach(properties -> properties.fieldNames().forEachRemaining(names::add));
        return names;
    }

    static JsonSchema schema(EventCatalogue.Entry entry) {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(entry.schemaResource())) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (Exception e) {
            throw new IllegalStateException(entry.schemaResource(), e);
        }
    }

    private static EventContext context(String aggregateId) {
        return new EventContext(UUID.randomUUID(), NOW, aggregateId, "c1", EventContext.SYSTEM, "corr-1");
    }
}
