package dev.attest.kit.eventstore;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.function.Supplier;

/**
 * Commands to an aggregate whose id a caller supplied (in a token or a link). No such aggregate, or one of
 * another kind (a user's id in a refresh token loads the user's events as a session), is the caller's
 * mistake: it gets the command's own refusal, never a 500.
 */
public final class NamedAggregates {

    private NamedAggregates() {
    }

    public static <R> R send(CommandGateway commands, Object command, Supplier<? extends RuntimeException> unknown) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException | IncompatibleAggregateException notThatAggregate) {
            throw unknown.get();
        }
    }
}
