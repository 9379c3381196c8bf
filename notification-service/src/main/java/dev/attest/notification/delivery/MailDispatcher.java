package dev.attest.notification.delivery;

import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.notification.mail.MailCommands.RecordDelivery;
import dev.attest.notification.mail.MailEvents.MailRequested;
import dev.attest.notification.mail.Template;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends each requested mail over SMTP. The secret is opened only here, in memory, just before sending,
 * and destroyed right after: a mail whose secret is no longer held is not sent, so replaying this
 * processor sends nothing again. An SMTP failure stops the processor, which retries the same mail.
 */
@Component
@ProcessingGroup(MailDispatcher.NAME)
public class MailDispatcher {

    public static final String NAME = "mail-delivery";
    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final JavaMailSender smtp;
    private final MailTemplates templates;
    private final SecretOpener secrets;
    private final NotificationProperties properties;
    private final MongoTemplate mongo;
    private final CommandGateway commands;
    private final PendingSecrets pending;

    public MailDispatcher(JavaMailSender smtp, MailTemplates templates, SecretOpener secrets,
                          NotificationProperties properties, MongoTemplate mongo, CommandGateway commands,
                          PendingSecrets pending) {
        this.pending = pending;
        this.smtp = smtp;
        this.templates = templates;
        this.secrets = secrets;
        this.properties = properties;
        this.mongo = mongo;
        this.commands = commands;
    }

    @EventHandler
    void on(MailRequested event, @Timestamp Instant requestedAt) throws MessagingException {
        Optional<String> encrypted = pending.find(event.mailId());
        if (encrypted.isEmpty()) {
            log.debug("Mail {} is not sent: sent before, or its secret expired", event.mailId());
            return;
        }
        MailTemplates.Rendered mail = templates.render(event.template(), event.locale(),
                fieldsWithSecret(event, secrets.open(encrypted.get())));
        MimeMessage message = smtp.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(event.recipient());
        helper.setSubject(mail.subject());
        helper.setText(mail.body());
        smtp.send(message);
        pending.release(event.mailId());
        mongo.save(new Delivery(event.mailId(), event.recipient(), event.template(), event.locale(), requestedAt,
                Instant.now()));
        commands.send(new RecordDelivery(event.mailId()));
    }

    private Map<String, String> fieldsWithSecret(MailRequested event, String secret) {
        Map<String, String> fields = new HashMap<>(event.fields());
        if (event.template() == Template.WELCOME) {
            String token = event.fields().get("userId") + "." + secret;
            fields.put("link", properties.publicUrl() + "/set-password?token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
        } else {
            fields.put("code", secret);
        }
        return fields;
    }
}
