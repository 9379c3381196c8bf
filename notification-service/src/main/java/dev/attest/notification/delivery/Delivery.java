package dev.attest.notification.delivery;

import dev.attest.notification.mail.Template;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** The delivery log: which mail went to whom and when. Never the content, which may hold a secret. */
@Document("deliveries")
public record Delivery(@Id String mailId, String recipient, Template template, String locale, Instant requestedAt,
                       Instant sentAt) {
}
