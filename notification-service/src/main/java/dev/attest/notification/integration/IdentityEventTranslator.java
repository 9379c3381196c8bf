package dev.attest.notification.integration;

import dev.attest.contracts.Topics;
import dev.attest.contracts.identity.v1.PasswordSetupLinkIssued;
import dev.attest.contracts.identity.v1.SecondFactorCodeIssued;
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

import java.util.Map;

/** identity-service's events that call for an e-mail become mail requests, one per event id. */
@Component
public class IdentityEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(IdentityEventTranslator.class);

    private final CloudEventInbox inbox;
    private final CommandGateway commands;

    public IdentityEventTranslator(CloudEventInbox inbox, CommandGateway commands) {
        this.inbox = inbox;
        this.commands = commands;
    }

    @KafkaListener(topics = Topics.IDENTITY_USER, groupId = "${spring.application.name}")
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.once(record, event -> {
            if (event instanceof PasswordSetupLinkIssued link) {
                request(new RequestMail(link.context().eventId().toString(), link.email(), Template.WELCOME,
                        link.locale(), Map.of("firstName", link.firstName(), "userId", link.userId()),
                        link.encryptedToken()));
            } else if (event instanceof SecondFactorCodeIssued code) {
                request(new RequestMail(code.context().eventId().toString(), code.email(), Template.LOGIN_CODE,
                        code.locale(), Map.of(), code.encryptedCode()));
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
