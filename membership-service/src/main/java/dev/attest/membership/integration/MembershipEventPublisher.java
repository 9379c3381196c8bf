package dev.attest.membership.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.kit.messaging.CloudEventPublisher;
import dev.attest.membership.client.ClientEvents;
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

    @EventHandler
    void on(ClientEvents.UserGroupCreated event, EventMessage<?> message) {
        publish(new UserGroupCreated(context(message, event.groupId(), event.clientId()), event.groupId(),
                event.clientId(), event.name(), event.permissions()));
    }

    @EventHandler
    void on(MembershipEvents.MembershipStarted event, EventMessage<?> message) {
        publish(new MembershipStarted(context(message, event.membershipId(), event.clientId()), event.membershipId(),
                event.userId(), event.clientId(), event.kind(), event.groupIds()));
    }
}
