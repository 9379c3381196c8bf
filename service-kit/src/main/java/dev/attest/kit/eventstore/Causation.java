package dev.attest.kit.eventstore;

import dev.attest.contracts.EventContext;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;

/**
 * Who a command runs for and what caused it. Axon copies this metadata onto every event the command
 * causes, so each stored and published event names its actor and correlation id.
 */
public final class Causation {

    private Causation() {
    }

    /** A command a user asked for through the API. */
    public static CommandMessage<?> byUser(String userId, Object command) {
        return GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(EventStoreConfiguration.ACTOR, userId));
    }

    /** A command another service's event caused: same actor, same correlation id. */
    public static CommandMessage<?> causedBy(EventContext cause, Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(metaData(cause));
    }

    public static MetaData metaData(EventContext cause) {
        return MetaData.with(EventStoreConfiguration.ACTOR, cause.actor()).and(EventStoreConfiguration.CORRELATION_ID, cause.correlationId());
    }
}
