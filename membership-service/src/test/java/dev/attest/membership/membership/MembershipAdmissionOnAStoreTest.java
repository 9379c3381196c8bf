package dev.attest.membership.membership;

import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.eventstore.JdbcEventStores;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.client.Client;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the services rely on when a command is refused, on a real JDBC event store where the aggregate test
 * fixture cannot show it: a redelivered event's second creation of an aggregate throws
 * {@link AggregateStreamCreationException}, which the Kafka translators treat as "done before".
 */
class MembershipAdmissionOnAStoreTest {

    final Administrator ada = new Administrator("ada@acme.test", "Ada", "Lovelace", "en");
    EventStore events;
    CommandGateway commands;

    @BeforeEach
    void setUp() {
        events = JdbcEventStores.inMemory();
        var clients = EventSourcingRepository.builder(Client.class).eventStore(events).build();
        var memberships = EventSourcingRepository.builder(Membership.class).eventStore(events).build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        AggregateAnnotationCommandHandler.<Client>builder().aggregateType(Client.class).repository(clients).build()
                .subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(new MembershipAdmission(clients, memberships)).subscribe(bus);
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
        commands.sendAndWait(new CreateClient("c1", "Acme", "g1", ada));
    }

    @Test
    void aSecondCreationOfAClientIsAStreamCreationConflict() {
        assertThatThrownBy(() -> commands.sendAndWait(new CreateClient("c1", "Again", "g2", ada)))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(events.readEvents("c1").asStream().count()).as("ClientCreated and its group, once").isEqualTo(2);
    }

    @Test
    void aMembershipStartsOnceAndItsSecondStartIsAStreamCreationConflict() {
        commands.sendAndWait(new StartMembership("m1", "u1", "c1", Kind.MAIN, List.of("g1")));
        assertThatThrownBy(() -> commands.sendAndWait(new StartMembership("m1", "u1", "c1", Kind.MAIN, List.of("g1"))))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(events.readEvents("m1").asStream().count()).isEqualTo(1);
    }

    @Test
    void aGroupOfAnotherClientIsRefusedAsAnUnknownGroup() {
        assertThatThrownBy(() -> commands.sendAndWait(new StartMembership("m1", "u1", "c1", Kind.MAIN,
                List.of("g-elsewhere"))))
                .isInstanceOfSatisfying(RuleViolation.class, refused -> {
                    assertThat(refused.type()).isEqualTo("unknown-group");
                    assertThat(refused.kind()).isEqualTo(RuleViolation.Kind.INVALID);
                });
        assertThat(events.readEvents("m1").asStream().count()).isZero();
    }

    @Test
    void aClientThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> commands.sendAndWait(new StartMembership("m1", "u1", "no-such-client", Kind.MAIN,
                List.of())))
                .isInstanceOf(AggregateNotFoundException.class);
    }
}
