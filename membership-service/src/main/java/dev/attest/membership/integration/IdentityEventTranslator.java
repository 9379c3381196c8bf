package dev.attest.membership.integration;

import dev.attest.kit.eventstore.Causation;
import dev.attest.contracts.IntegrationEvent;
import dev.attest.contracts.Topics;
import dev.attest.contracts.identity.v1.EmailChangeReverted;
import dev.attest.contracts.identity.v1.EmailChanged;
import dev.attest.contracts.identity.v1.PersonalDataChanged;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.membership.invitation.InvitationCommands.DeliverInvitations;
import dev.attest.membership.invitation.InvitationBook;
import dev.attest.membership.people.People;
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
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * identity-service's users: a new user starts its main membership in its client; address, names and language are
 * kept in {@link People}; an account that gets an address (new, changed, restored) receives the invitations
 * waiting for it.
 */
@Component
public class IdentityEventTranslator {

    private static final Logger log = LoggerFactory.getLogger(IdentityEventTranslator.class);

    /** Of the many events on identity's topic (logins above all), the ones that matter here. */
    static final Set<Class<? extends IntegrationEvent>> HANDLED = Set.of(UserCreated.class,
            PersonalDataChanged.class, EmailChanged.class, EmailChangeReverted.class);

    private final CloudEventInbox inbox;
    private final CommandGateway commands;
    private final People people;
    private final InvitationBook invitations;
    private final Clock clock;

    public IdentityEventTranslator(CloudEventInbox inbox, CommandGateway commands, People people,
                                   InvitationBook invitations, Clock clock) {
        this.inbox = inbox;
        this.commands = commands;
        this.people = people;
        this.invitations = invitations;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.IDENTITY_USER, groupId = "${spring.application.name}")
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.once(record, HANDLED, event -> {
            if (event instanceof UserCreated created) {
                startMainMembership(created);
                people.put(new People.Person(created.userId(), created.email(), created.firstName(),
                        created.lastName(), created.locale()));
                deliverInvitations(created.context(), created.email());
            } else if (event instanceof PersonalDataChanged changed) {
                people.rename(changed.userId(), changed.firstName(), changed.lastName(), changed.locale());
            } else if (event instanceof EmailChanged changed) {
                people.readdress(changed.userId(), changed.newEmail());
                deliverInvitations(changed.context(), changed.newEmail());
            } else if (event instanceof EmailChangeReverted reverted) {
                people.readdress(reverted.userId(), reverted.email());
                deliverInvitations(reverted.context(), reverted.email());
            }
        });
    }

    /** A command only when something waits for the address: most new users were invited nowhere. */
    private void deliverInvitations(dev.attest.contracts.EventContext cause, String email) {
        if (!invitations.waitingFor(People.normalize(email), clock.instant()).isEmpty()) {
            commands.sendAndWait(Causation.causedBy(cause, new DeliverInvitations(email)));
        }
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
