package dev.attest.notification.integration;

import dev.attest.contracts.Topics;
import dev.attest.contracts.internal.v1.NoticeMailRequested;
import dev.attest.contracts.internal.v1.SecretMailRequested;
import dev.attest.kit.messaging.CloudEventInbox;
import dev.attest.notification.mail.MailCommands.RequestMail;
import dev.attest.notification.mail.Template;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * identity-service's requests to mail a secret (internal topic attest.internal.secret-mail.v1) become
 * mail requests, one per event id.
 */
@Component
public class IdentityEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(IdentityEventTranslator.class);

    /** A notice has no secret; its empty stand-in is held all the same, so a replay sends it only once. */
    static final String NOTHING_HELD = "";
    /** A notice that cannot go out within a week is not worth sending any more. */
    static final java.time.Duration NOTICE_VALIDITY = java.time.Duration.ofDays(7);

    private final CloudEventInbox inbox;
    private final CommandGateway commands;

    public IdentityEventTranslator(CloudEventInbox inbox, CommandGateway commands) {
        this.inbox = inbox;
        this.commands = commands;
    }

    @KafkaListener(topics = Topics.INTERNAL_SECRET_MAIL, groupId = "${spring.application.name}")
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.once(record, Set.of(NoticeMailRequested.class, SecretMailRequested.class), event -> {
            if (event instanceof NoticeMailRequested notice) {
                Map<String, String> fields = new HashMap<>(notice.fields());
                fields.put("firstName", notice.firstName());
                request(new RequestMail(notice.context().eventId().toString(), notice.recipient(),
                        Template.valueOf(notice.template().name()), notice.locale(), fields, NOTHING_HELD,
                        notice.context().occurredAt().plus(NOTICE_VALIDITY)));
            }
            if (event instanceof SecretMailRequested mail) {
                Map<String, String> fields = mail.template() == SecretMailRequested.Template.LOGIN_CODE
                        ? Map.of()
                        : Map.of("firstName", mail.firstName(), "userId", mail.userId());
                request(new RequestMail(mail.context().eventId().toString(), mail.recipient(),
                        Template.valueOf(mail.template().name()), mail.locale(), fields, mail.encryptedSecret(),
                        mail.expiresAt()));
            }
        });
    }

    private void request(RequestMail mail) {
        try {
            commands.sendAndWait(mail);
        } catch (AggregateStreamCreationException requestedBefore) {
            log.debug("Mail {} was requested before", mail.mailId());
        }
    }
}
