package dev.attest.notification.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailSendException;

import java.net.ConnectException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MailFailuresTest {

    @Test
    void aRecipientOrMessageRefusedForGoodIsTheMailsOwnFailure() throws Exception {
        InternetAddress ada = new InternetAddress("ada@acme.test");
        assertThat(MailFailures.permanentReason(sendFailed(new SMTPAddressFailedException(ada, "RCPT TO", 550,
                "no such user")))).hasValue("RECIPIENT_REJECTED");
        assertThat(MailFailures.permanentReason(sendFailed(new SMTPSendFailedException("DATA", 554, "spam",
                null, null, null, null)))).hasValue("MESSAGE_REJECTED");
        assertThat(MailFailures.permanentReason(new MailParseException("bad address"))).hasValue("MALFORMED_MESSAGE");
    }

    @Test
    void aBusyOrAbsentRelayOrARejectedSenderIsWorthWaitingFor() throws Exception {
        InternetAddress ada = new InternetAddress("ada@acme.test");
        assertThat(MailFailures.permanentReason(sendFailed(new SMTPAddressFailedException(ada, "RCPT TO", 451,
                "try later")))).isEmpty();
        assertThat(MailFailures.permanentReason(sendFailed(new SMTPSenderFailedException(
                new InternetAddress("no-reply@attest.local"), "MAIL FROM", 550, "relay denied")))).isEmpty();
        assertThat(MailFailures.permanentReason(sendFailed(new MessagingException("connect failed",
                new ConnectException("refused"))))).isEmpty();
    }

    private static MailSendException sendFailed(Exception cause) {
        return new MailSendException(Map.of(new Object(), cause));
    }
}
