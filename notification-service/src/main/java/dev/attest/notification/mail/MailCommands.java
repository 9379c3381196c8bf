package dev.attest.notification.mail;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.Map;

public final class MailCommands {

    private MailCommands() {
    }

    /**
     * Asks for one e-mail. {@code mailId} is the id of the event that caused it, so a redelivered event
     * asks for the same mail and is refused. {@code encryptedSecret} stays encrypted until it is sent.
     */
    public record RequestMail(@TargetAggregateIdentifier String mailId, String recipient, Template template,
                              String locale, Map<String, String> fields, String encryptedSecret,
                              Instant expiresAt) {
    }

    public record RecordDelivery(@TargetAggregateIdentifier String mailId) {
    }

    /** The mail can never be sent; {@code reason} says why (e.g. RECIPIENT_REJECTED, EXPIRED). */
    public record RecordFailure(@TargetAggregateIdentifier String mailId, String reason) {
    }
}
