package dev.attest.notification.mail;

import org.axonframework.serialization.Revision;

import java.util.Map;

public final class MailEvents {

    private MailEvents() {
    }

    @Revision("1")
    public record MailRequested(String mailId, String recipient, Template template, String locale,
                                Map<String, String> fields, String encryptedSecret) {
    }

    @Revision("1")
    public record MailDelivered(String mailId) {
    }
}
