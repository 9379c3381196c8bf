package dev.attest.membership.integration;

import dev.attest.kit.eventstore.Causation;
import dev.attest.contracts.Topics;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.messaging.CloudEventInbox;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A user created by identity-service starts its main membership in its client. */
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
            if (event instanceof UserCreated created) {
                startMainMembership(created);
            }
        });
    }

    private void startMainMembership(UserCreated event) {
        // One main membership per user and client: a redelivered event hits the same aggregate id.
        String membershipId = UUID.nameUUIDFromBytes(("main:" + event.userId() + ":" + event.mainClientId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        try {
            commands.sendAndWait(Causation.causedBy(event.context(), new StartMembership(membershipId,
                    event.userId(), event.mainClientId(), Kind.MAIN, event.groupIds())));
        } catch (AggregateStreamCreationException alreadyStarted) {
            log.debug("Membership {} exists already", membershipId);
        } catch (RuleViolation refused) {
            // Retrying cannot make a foreign group belong to the client; say so and move on.
            log.warn("No membership for user {} in client {}: {}", event.userId(), event.mainClientId(),
                    refused.getMessage());
        }
    }
}
