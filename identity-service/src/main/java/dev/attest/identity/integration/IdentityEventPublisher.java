package dev.attest.identity.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.identity.v1.AdministratorRejected;
import dev.attest.contracts.identity.v1.LoginFailed;
import dev.attest.contracts.identity.v1.LoginSucceeded;
import dev.attest.contracts.identity.v1.PasswordSet;
import dev.attest.contracts.identity.v1.PasswordSetupLinkIssued;
import dev.attest.contracts.identity.v1.SecondFactorCodeIssued;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.identity.user.UserEvents;
import dev.attest.kit.messaging.CloudEventPublisher;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Maps identity's domain events to the published contract (topic attest.identity.user.v1). The platform
 * operator's creation is not published (it belongs to no client); its logins are, with no client id.
 */
@Component
@ProcessingGroup(CloudEventPublisher.PROCESSING_GROUP)
public class IdentityEventPublisher extends CloudEventPublisher {

    public IdentityEventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json) {
        super(kafka, json, "/attest/identity-service");
    }

    @EventHandler
    void on(UserEvents.UserCreated event, EventMessage<?> message) {
        if (event.operator()) {
            return;
        }
        publish(new UserCreated(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.mainClientId(), event.email(), event.firstName(), event.lastName(), event.locale(),
                event.groupIds()));
    }

    @EventHandler
    void on(UserEvents.PasswordSetupLinkIssued event, EventMessage<?> message) {
        publish(new PasswordSetupLinkIssued(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.email(), event.firstName(), event.locale(), event.encryptedToken(), event.expiresAt()));
    }

    @EventHandler
    void on(UserEvents.PasswordSet event, EventMessage<?> message) {
        publish(new PasswordSet(context(message, event.userId(), event.mainClientId()), event.userId()));
    }

    @EventHandler
    void on(UserEvents.SecondFactorChallengeIssued event, EventMessage<?> message) {
        publish(new SecondFactorCodeIssued(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.email(), event.locale(), event.challengeId(), event.encryptedCode(), event.expiresAt()));
    }

    @EventHandler
    void on(UserEvents.SecondFactorPassed event, EventMessage<?> message) {
        publish(new LoginSucceeded(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.method()));
    }

    @EventHandler
    void on(UserEvents.LoginFailed event, EventMessage<?> message) {
        publish(new LoginFailed(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.reason()));
    }

    @EventHandler
    void on(UserEvents.SecondFactorCodeRejected event, EventMessage<?> message) {
        publish(new LoginFailed(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.attemptsLeft() == 0 ? "CHALLENGE_EXHAUSTED" : "WRONG_CODE"));
    }

    @EventHandler
    void on(UserEvents.AdministratorRejected event, EventMessage<?> message) {
        publish(new AdministratorRejected(context(message, event.clientId(), event.clientId()), event.clientId(),
                event.email(), event.reason()));
    }
}
