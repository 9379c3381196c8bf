package dev.attest.notification.mail;

import dev.attest.notification.mail.MailCommands.RecordDelivery;
import dev.attest.notification.mail.MailCommands.RequestMail;
import dev.attest.notification.mail.MailEvents.MailDelivered;
import dev.attest.notification.mail.MailEvents.MailRequested;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.util.Map;

class MailTest {

    final AggregateTestFixture<Mail> fixture = new AggregateTestFixture<>(Mail.class);
    final MailRequested requested = new MailRequested("m1", "ada@acme.test", Template.LOGIN_CODE, "en", Map.of(), "jwe");

    @Test
    void aMailIsRequestedWithItsSecretStillEncrypted() {
        fixture.givenNoPriorActivity()
                .when(new RequestMail("m1", "ada@acme.test", Template.LOGIN_CODE, "en", Map.of(), "jwe"))
                .expectEvents(requested);
    }

    @Test
    void aDeliveryIsRecordedOnce() {
        fixture.given(requested).when(new RecordDelivery("m1")).expectEvents(new MailDelivered("m1"));
        fixture.given(requested, new MailDelivered("m1")).when(new RecordDelivery("m1")).expectNoEvents();
    }
}
