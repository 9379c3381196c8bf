package dev.attest.notification.mail;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

public final class MailEvents {

    private MailEvents() {
    }

    /**
     * The secret the mail carries is held in {@link dev.attest.kit.eventstore.PendingSecrets} under
     * {@code mailId} until it is sent or {@code expiresAt}; revision 1 held its ciphertext here
     * ({@link MailEventUpcasters}).
     */
    @Revision("2")
    public record MailRequested(String mailId, String recipient, Template template, String locale,
                                Map<String, String> fields, Instant expiresAt) {
    }

    @Revision("1")
    public record MailDelivered(String mailId) {
    }

    /** The mail was given up for good; other mails went on. */
    @Revision("1")
    public record MailFailed(String mailId, String reason) {
    }
}
