package dev.attest.notification.integration;

import dev.attest.contracts.Topics;
import dev.attest.contracts.membership.v1.InvitationDelivered;
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

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;

/** An invitation that reached an account is mailed to it, once per event id; it needs no answer by mail. */
@Component
public class MembershipEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(MembershipEventTranslator.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final CloudEventInbox inbox;
    private final CommandGateway commands;

    public MembershipEventTranslator(CloudEventInbox inbox, CommandGateway commands) {
        this.inbox = inbox;
        this.commands = commands;
    }

    @KafkaListener(topics = Topics.MEMBERSHIP_INVITATION, groupId = "${spring.application.name}")
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.once(record, Set.of(InvitationDelivered.class), event -> {
            if (event instanceof InvitationDelivered invitation) {
                mail(invitation);
            }
        });
    }

    private void mail(InvitationDelivered invitation) {
        RequestMail mail = new RequestMail(invitation.context().eventId().toString(), invitation.email(),
                Template.INVITATION, invitation.locale(), Map.of("firstName", invitation.firstName(),
                "inviterName", invitation.inviterName(), "clientName", invitation.clientName(),
                "groupName", invitation.groupName(), "expiresOn", DAY.format(invitation.expiresAt())),
                IdentityEventTranslator.NOTHING_HELD, invitation.expiresAt());
        try {
            commands.sendAndWait(mail);
        } catch (AggregateStreamCreationException requestedBefore) {
            log.debug("Mail {} was requested before", mail.mailId());
        }
    }
}
