package dev.attest.notification.delivery;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

import java.util.Optional;

/**
 * Tells a mail that can never be sent (the relay refused this recipient or this message for good: SMTP
 * 5xx; a malformed address) from a relay that is away or busy (connection refused, 4xx), which is worth
 * waiting for. A rejected sender is the relay's configuration, not the mail's fault: it waits too.
 */
final class MailFailures {

    private MailFailures() {
    }

    /** Why this mail can never be sent, or empty when trying again later may work. */
    static Optional<String> permanentReason(MailException failure) {
        if (failure instanceof MailParseException || failure instanceof MailPreparationException) {
            return Optional.of("MALFORMED_MESSAGE");
        }
        if (failure instanceof MailSendException send) {
            for (Exception cause : send.getMessageExceptions()) {
                for (Throwable t = cause; t != null; t = next(t)) {
                    if (t instanceof SMTPAddressFailedException address && address.getReturnCode() / 100 == 5) {
                        return Optional.of("RECIPIENT_REJECTED");
                    }
                    if (t instanceof SMTPSendFailedException message && message.getReturnCode() / 100 == 5) {
                        return Optional.of("MESSAGE_REJECTED");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Throwable next(Throwable t) {
        Throwable next = t instanceof MessagingException m && m.getNextException() != null ? m.getNextException()
                : t.getCause();
        return next == t ? null : next;
    }
}
