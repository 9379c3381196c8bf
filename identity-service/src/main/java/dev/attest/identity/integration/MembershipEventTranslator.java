package dev.attest.identity.integration;

import dev.attest.kit.eventstore.Causation;
import dev.attest.contracts.IntegrationEvent;
import dev.attest.contracts.Topics;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.GroupLeft;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupChanged;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.contracts.membership.v1.UserGroupDeleted;
import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserEvents;
import dev.attest.kit.messaging.CloudEventInbox;
import dev.attest.kit.web.RuleViolation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns membership-service's events into identity's own facts and commands: a new client's administrator
 * becomes a user (or, if the address is taken, an AdministratorRejected event); groups and memberships
 * feed {@link AccessFacts}.
 */
@Component
public class MembershipEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(MembershipEventTranslator.class);

    static final Set<Class<? extends IntegrationEvent>> HANDLED = Set.of(ClientCreated.class, UserGroupCreated.class,
            UserGroupChanged.class, UserGroupDeleted.class, MembershipStarted.class, GroupJoined.class,
            GroupLeft.class, ClientLeft.class);

    private final CloudEventInbox inbox;
    private final CommandGateway commands;
    private final AccessFacts access;
    private final EmailRegistry emails;
    private final EventGateway events;

    public MembershipEventTranslator(CloudEventInbox inbox, CommandGateway commands, AccessFacts access,
                                     EmailRegistry emails, EventGateway events) {
        this.inbox = inbox;
        this.commands = commands;
        this.access = access;
        this.emails = emails;
        this.events = events;
    }

    @KafkaListener(topics = {Topics.MEMBERSHIP_CLIENT, Topics.MEMBERSHIP_MEMBERSHIP},
            groupId = "${spring.application.name}")
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.once(record, HANDLED, event -> {
            if (event instanceof ClientCreated created) {
                access.record(created);
                createAdministrator(created);
            } else if (event instanceof UserGroupCreated group) {
                access.record(group);
            } else if (event instanceof UserGroupChanged group) {
                access.record(group);
            } else if (event instanceof UserGroupDeleted group) {
                access.record(group);
            } else if (event instanceof MembershipStarted membership) {
                access.record(membership);
            } else if (event instanceof GroupJoined joined) {
                access.record(joined);
            } else if (event instanceof GroupLeft left) {
                access.record(left);
            } else if (event instanceof ClientLeft left) {
                access.record(left);
            }
        });
    }

    private void createAdministrator(ClientCreated event) {
        // Derived from the client, so a redelivered ClientCreated finds the user it already made.
        String userId = UUID.nameUUIDFromBytes(("administrator:" + event.clientId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        ClientCreated.Administrator admin = event.administrator();
        try {
            commands.sendAndWait(Causation.causedBy(event.context(), new CreateUser(userId, event.clientId(),
                    admin.email(), admin.firstName(), admin.lastName(), admin.locale(),
                    List.of(event.administratorGroupId()), null)));
        } catch (RuleViolation refused) {
            if (!EmailRegistry.TAKEN.equals(refused.type())) {
                throw refused; // not a rejection of the administrator: retried, then parked
            }
            if (emails.userIdOf(admin.email()).filter(userId::equals).isPresent()) {
                return;
            }
            log.warn("Client {} names an administrator whose e-mail address belongs to another user; "
                    + "no administrator was created", event.clientId());
            events.publish(GenericEventMessage.asEventMessage(
                            new UserEvents.AdministratorRejected(event.clientId(), admin.email(), "EMAIL_TAKEN"))
                    .andMetaData(Causation.metaData(event.context())));
        }
    }
}
