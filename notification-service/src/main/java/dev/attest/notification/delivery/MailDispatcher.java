package dev.attest.notification.delivery;

import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.notification.mail.MailCommands.RecordDelivery;
import dev.attest.notification.mail.MailCommands.RecordFailure;
import dev.attest.notification.mail.MailEvents.MailRequested;
import dev.attest.notification.mail.Template;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
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
 * processor sends nothing again. A relay that is away or busy stops the processor, which retries the
 * same mail; a mail that can never be sent (expired, unreadable secret, refused for good) is recorded
 * as failed ({@code MailFailed}, and in the delivery log) and the next one goes out.
 */
@Component
@ProcessingGroup(MailDispatcher.NAME)
public class MailDispatcher {

    public static final String NAME = "mail-delivery";
    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final SmtpConnection smtp;
    private final MailTemplates templates;
    private final SecretOpener secrets;
    private final NotificationProperties properties;
    private final CommandGateway commands;
    private final PendingSecrets pending;

    public MailDispatcher(SmtpConnection smtp, MailTemplates templates, SecretOpener secrets,
                          NotificationProperties properties, CommandGateway commands,
                          PendingSecrets pending) {
        this.pending = pending;
        this.smtp = smtp;
        this.templates = templates;
        this.secrets = secrets;
        this.properties = properties;
        this.commands = commands;
    }

    @EventHandler
    void on(MailRequested event) throws MessagingException {
        Optional<PendingSecrets.Held> held = pending.find(event.mailId());
        if (held.isEmpty()) {
            log.debug("Mail {} is not sent: it was sent or given up before", event.mailId());
            return;
        }
        if (held.get().expired()) {
            giveUp(event, "EXPIRED");
            return;
        }
        String secret = null;
        if (event.template().carriesSecret()) {
            try {
                secret = secrets.open(held.get().encrypted());
            } catch (IllegalArgumentException unreadable) {
                giveUp(event, "UNREADABLE_SECRET");
                return;
            }
        }
        MimeMessage message;
        try {
            message = compose(event, secret);
        } catch (IllegalArgumentException | IllegalStateException unrenderable) {
            giveUp(event, "UNRENDERABLE");
            return;
        }
        try {
            smtp.send(message);
        } catch (MailException failure) {
            Optional<String> permanent = MailFailures.permanentReason(failure);
            if (permanent.isEmpty()) {
                throw failure; // the relay is away or busy: this processor retries the same mail
            }
            giveUp(event, permanent.get());
            return;
        }
        pending.release(event.mailId());
        commands.send(new RecordDelivery(event.mailId()));
    }

    private MimeMessage compose(MailRequested event, String secret) throws MessagingException {
        MailTemplates.Rendered mail = templates.render(event.template(), event.locale(), fieldsWithSecret(event, secret));
        MimeMessage message = smtp.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from());
        helper.setTo(event.recipient());
        helper.setSubject(mail.subject());
        helper.setText(mail.body());
        return message;
    }

    /** This mail can never go out: say so on the mail, destroy its secret, go on with the next. */
    private void giveUp(MailRequested event, String reason) {
        log.warn("Mail {} ({}) given up: {}", event.mailId(), event.template(), reason);
        pending.release(event.mailId());
        commands.send(new RecordFailure(event.mailId(), reason));
    }

    private Map<String, String> fieldsWithSecret(MailRequested event, String secret) {
        Map<String, String> fields = new HashMap<>(event.fields());
        String token = event.fields().get("userId") + "." + secret;
        switch (event.template()) {
            case WELCOME, PASSWORD_RESET -> fields.put("link", properties.publicUrl() + "/set-password?token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
            case EMAIL_CHANGED -> fields.put("link", properties.publicUrl() + "/revert-email-change?token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8));
            case LOGIN_CODE, EMAIL_CHANGE_CURRENT, EMAIL_CHANGE_NEW -> fields.put("code", secret);
            case PASSWORD_CHANGED, SIGN_IN_WITH_PROVIDER, TWO_FACTOR_ENABLED, TWO_FACTOR_DISABLED,
                 AUTHENTICATOR_APP_CONFIGURED, AUTHENTICATOR_APP_REMOVED, RECOVERY_CODE_USED,
                 RECOVERY_CODES_RENEWED, WELCOME_EXTERNAL -> { } // nothing secret in them
            case INVITATION -> fields.put("link", properties.publicUrl() + "/invitations");
        }
        return fields;
    }
}
