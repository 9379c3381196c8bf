package dev.attest.membership.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.GroupLeft;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupChanged;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.contracts.membership.v1.UserGroupDeleted;
import dev.attest.kit.messaging.CloudEventPublisher;
import dev.attest.membership.client.ClientEvents;
import dev.attest.membership.group.GroupEvents;
import dev.attest.membership.invitation.InvitationEvents;
import dev.attest.membership.membership.MembershipEvents;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Maps membership's domain events to the published contract. */
@Component
@ProcessingGroup(CloudEventPublisher.PROCESSING_GROUP)
public class MembershipEventPublisher extends CloudEventPublisher {

    public MembershipEventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json) {
        super(kafka, json, EventCatalogue.MEMBERSHIP_SERVICE);
    }

    @EventHandler
    void on(ClientEvents.ClientCreated event, EventMessage<?> message) {
        var admin = event.administrator();
        publish(new ClientCreated(context(message, event.clientId(), event.clientId()), event.clientId(), event.name(),
                event.administratorGroupId(), new ClientCreated.Administrator(admin.email(), admin.firstName(),
                admin.lastName(), admin.locale())));
    }

    /** Stored before groups had an aggregate of their own. */
    @EventHandler
    void on(ClientEvents.UserGroupCreated event, EventMessage<?> message) {
        publish(new UserGroupCreated(context(message, event.groupId(), event.clientId()), event.groupId(),
                event.clientId(), event.name(), event.permissions(), false));
    }

    @EventHandler
    void on(GroupEvents.GroupCreated event, EventMessage<?> message) {
        publish(new UserGroupCreated(context(message, event.groupId(), event.clientId()), event.groupId(),
                event.clientId(), event.name(), event.permissions(), event.joinable()));
    }

    @EventHandler
    void on(GroupEvents.GroupChanged event, EventMessage<?> message) {
        publish(new UserGroupChanged(context(message, event.groupId(), event.clientId()), event.groupId(),
                event.clientId(), event.name(), event.permissions(), event.joinable()));
    }

    @EventHandler
    void on(GroupEvents.GroupDeleted event, EventMessage<?> message) {
        publish(new UserGroupDeleted(context(message, event.groupId(), event.clientId()), event.groupId(),
                event.clientId()));
    }

    @EventHandler
    void on(MembershipEvents.MembershipStarted event, EventMessage<?> message) {
        publish(new MembershipStarted(context(message, event.membershipId(), event.clientId()), event.membershipId(),
                event.userId(), event.clientId(), event.kind(), event.groupIds()));
    }

    @EventHandler
    void on(MembershipEvents.GroupJoined event, EventMessage<?> message) {
        publish(new GroupJoined(context(message, event.membershipId(), event.clientId()), event.membershipId(),
                event.userId(), event.clientId(), event.groupId()));
    }

    @EventHandler
    void on(MembershipEvents.GroupLeft event, EventMessage<?> message) {
        publish(new GroupLeft(context(message, event.membershipId(), event.clientId()), event.membershipId(),
                event.userId(), event.clientId(), event.groupId()));
    }

    @EventHandler
    void on(MembershipEvents.ClientLeft event, EventMessage<?> message) {
        publish(new ClientLeft(context(message, event.membershipId(), event.clientId()), event.membershipId(),
                event.userId(), event.clientId(), event.reason()));
    }

    @EventHandler
    void on(InvitationEvents.InvitationSent event, EventMessage<?> message) {
        publish(new dev.attest.contracts.membership.v1.InvitationSent(context(message, event.invitationId(),
                event.clientId()), event.invitationId(), event.clientId(), event.groupId(), event.email(),
                event.expiresAt()));
    }

    @EventHandler
    void on(InvitationEvents.InvitationDelivered event, EventMessage<?> message) {
        publish(new dev.attest.contracts.membership.v1.InvitationDelivered(context(message, event.invitationId(),
                event.clientId()), event.invitationId(), event.clientId(), event.userId(), event.email(),
                event.firstName(), event.locale(), event.clientName(), event.groupName(), event.inviterName(),
                event.expiresAt()));
    }

    @EventHandler
    void on(InvitationEvents.InvitationAccepted event, EventMessage<?> message) {
        publish(new dev.attest.contracts.membership.v1.InvitationAccepted(context(message, event.invitationId(),
                event.clientId()), event.invitationId(), event.clientId(), event.userId(), event.groupId(),
                event.membershipId()));
    }

    @EventHandler
    void on(InvitationEvents.InvitationRejected event, EventMessage<?> message) {
        publish(new dev.attest.contracts.membership.v1.InvitationRejected(context(message, event.invitationId(),
                event.clientId()), event.invitationId(), event.clientId(), event.userId()));
    }

    @EventHandler
    void on(InvitationEvents.InvitationRevoked event, EventMessage<?> message) {
        publish(new dev.attest.contracts.membership.v1.InvitationRevoked(context(message, event.invitationId(),
                event.clientId()), event.invitationId(), event.clientId()));
    }
}
