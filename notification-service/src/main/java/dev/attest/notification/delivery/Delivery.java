package dev.attest.notification.delivery;

import dev.attest.notification.mail.Template;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/**
 * The delivery log: which mail went to whom and when, or why it never will. Never the content, which may
 * hold a secret.
 *
 * @param failure why the mail can never be sent (null while it may still go out, or once sent)
 */
@Document("deliveries")
public record Delivery(@Id String mailId, String recipient, Template template, String locale, Instant requestedAt,
                       Instant sentAt, Instant failedAt, String failure) {
}
