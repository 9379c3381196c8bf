package dev.attest.notification.delivery;

import dev.attest.notification.mail.MailCommands.RecordDelivery;
import dev.attest.notification.mail.MailEvents.MailRequested;
import dev.attest.notification.mail.Template;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends each requested mail over SMTP. The secret is opened only here, in memory, just before sending.
 * A mail the delivery log shows as sent is not sent again, so replaying this processor sends nothing;
 * an SMTP failure stops the processor, which retries the same mail.
 */
@Component
@ProcessingGroup(MailDispatcher.NAME)
public class MailDispatcher {

    public static final String NAME = "mail-delivery";

    private final JavaMailSender smtp;
    private final MailTemplates templates;
    private final SecretOpener secrets;
    private final NotificationProperties properties;
    private final MongoTemplate mongo;
    private final CommandGateway commands;

    public MailDispatcher(JavaMailSender smtp, MailTemplates templates, SecretOpener secrets,
                          NotificationProperties properties, MongoTemplate mongo, CommandGateway commands) {
        this.smtp = smtp;
        this.templates = templates;
        this.secrets = secrets;
        this.properties = properties;
        this.mongo = mongo;
        this.commands = commands;
    }

    @EventHandler
    void on(MailRequested event, @Timestamp Instant requestedAt) throws MessagingException {
        Delivery logged = mongo.findById(event.mailId(), Delivery.class);
        if (logged != null && logged.sentAt() != null) {
            return;
        }
        MailTemplates.Rendered mail = templates.render(event.template(), event.locale(), fieldsWithSecret(event));
        MimeMessage message = smtp.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(event.recipient());
        helper.setSubject(mail.subject());
        helper.setText(mail.body());
        smtp.send(message);
        mongo.save(new Delivery(event.mailId(), event.recipient(), event.template(), event.locale(), requestedAt,
                Instant.now()));
        commands.send(new RecordDelivery(event.mailId()));
    }

    private Map<String, String> fieldsWithSecret(MailRequested event) {
        Map<String, String> fields = new HashMap<>(event.fields());
        String secret = secrets.open(event.encryptedSecret());
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
