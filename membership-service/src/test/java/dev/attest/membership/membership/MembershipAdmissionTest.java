package dev.attest.membership.membership;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.client.Client;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientEvents.ClientCreated;
import dev.attest.membership.client.ClientEvents.UserGroupCreated;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import dev.attest.membership.membership.MembershipEvents.MembershipStarted;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

class MembershipAdmissionTest {

    AggregateTestFixture<Membership> fixture;

    @BeforeEach
    void setUp() {
        EmbeddedEventStore clientEvents = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        clientEvents.publish(
                new GenericDomainEventMessage<>("Client", "c1", 0,
                        new ClientCreated("c1", "Acme", "g1", new Administrator("a@acme.test", "A", "B", "en"))),
                new GenericDomainEventMessage<>("Client", "c1", 1,
                        new UserGroupCreated("c1", "g1", "Administrators", EnumSet.allOf(Permission.class))));
        fixture = new AggregateTestFixture<>(Membership.class);
        fixture.registerAnnotatedCommandHandler(new MembershipAdmission(
                EventSourcingRepository.builder(Client.class).eventStore(clientEvents).build(),
                fixture.getRepository()));
    }

    @Test
    void aUserStartsAMainMembershipInGroupsOfItsClient() {
        fixture.givenNoPriorActivity()
                .when(new StartMembership("m1", "u1", "c1", Kind.MAIN, List.of("g1")))
                .expectEvents(new MembershipStarted("m1", "u1", "c1", Kind.MAIN, List.of("g1")));
    }

    @Test
    void aGroupOfAnotherClientIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new StartMembership("m1", "u1", "c1", Kind.MAIN, List.of("g-elsewhere")))
                .expectException(Matchers.predicate(failure -> failure instanceof RuleViolation refused
                        && refused.type().equals("unknown-group")))
                .expectNoEvents();
    }
}
