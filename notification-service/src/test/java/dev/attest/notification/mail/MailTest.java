package dev.attest.notification.mail;

import dev.attest.notification.mail.MailCommands.RecordDelivery;
import dev.attest.notification.mail.MailCommands.RecordFailure;
import dev.attest.notification.mail.MailCommands.RequestMail;
import dev.attest.notification.mail.MailEvents.MailDelivered;
import dev.attest.notification.mail.MailEvents.MailFailed;
import dev.attest.notification.mail.MailEvents.MailRequested;
import dev.attest.kit.eventstore.PendingSecrets;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MailTest {

    static final Instant EXPIRES = Instant.now().plusSeconds(600);

    final AggregateTestFixture<Mail> fixture = new AggregateTestFixture<>(Mail.class);
    final MailRequested requested = new MailRequested("m1", "ada@acme.test", Template.LOGIN_CODE, "en", Map.of(),
            EXPIRES);
    PendingSecrets pending;

    @BeforeEach
    void setUp() {
        pending = new PendingSecrets(new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "")), Clock.systemUTC());
        fixture.registerInjectableResource(pending);
    }

    @Test
    void aMailIsRequestedWithItsSecretHeldOutsideTheEvent() {
        fixture.givenNoPriorActivity()
                .when(new RequestMail("m1", "ada@acme.test", Template.LOGIN_CODE, "en", Map.of(), "jwe", EXPIRES))
                .expectEvents(requested);
        assertThat(pending.find("m1")).hasValue(new PendingSecrets.Held("jwe", false));
    }

    @Test
    void aMailThatCanNeverBeSentFailsOnce() {
        fixture.given(requested).when(new RecordFailure("m1", "RECIPIENT_REJECTED"))
                .expectEvents(new MailFailed("m1", "RECIPIENT_REJECTED"));
    }

    @Test
    void aDeliveredMailCannotFailAnymore() {
        fixture.given(requested, new MailDelivered("m1")).when(new RecordFailure("m1", "EXPIRED")).expectNoEvents();
    }

    @Test
    void aDeliveryIsRecordedOnce() {
        fixture.given(requested).when(new RecordDelivery("m1")).expectEvents(new MailDelivered("m1"));
        fixture.given(requested, new MailDelivered("m1")).when(new RecordDelivery("m1")).expectNoEvents();
    }
}
