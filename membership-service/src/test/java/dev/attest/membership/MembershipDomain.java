package dev.attest.membership;

import dev.attest.embedded.testing.MutableClock;
import dev.attest.kit.eventstore.JdbcEventStores;
import dev.attest.membership.client.Client;
import dev.attest.membership.client.ClientFounding;
import dev.attest.membership.group.GroupAdministration;
import dev.attest.membership.group.UserGroup;
import dev.attest.membership.invitation.Invitation;
import dev.attest.membership.invitation.InvitationBook;
import dev.attest.membership.invitation.Invitations;
import dev.attest.membership.membership.GroupMemberships;
import dev.attest.membership.membership.Membership;
import dev.attest.membership.membership.MembershipAdmission;
import dev.attest.membership.people.People;
import dev.attest.membership.roster.Roster;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Instant;

/**
 * membership-service's command side on a real JDBC event store, without Spring: the aggregates, the components
 * that hold the rules across them, and the roster and invitation tables written by a subscribing processor, as
 * the service wires them, each command in one transaction. For rules an aggregate fixture cannot show.
 */
public final class MembershipDomain {

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    public final DataSourceTransactionManager springTransactions;
    public final EventStore events;
    public final CommandGateway commands;
    public final Roster roster;
    public final InvitationBook invitations;
    public final People people;

    public MembershipDomain() {
        DataSource database = JdbcEventStores.inMemoryDatabase();
        springTransactions = new DataSourceTransactionManager(database);
        TransactionManager transactions = new SpringTransactionManager(springTransactions);
        events = JdbcEventStores.inSpringTransactions(database, transactions);
        JdbcTemplate jdbc = new JdbcTemplate(database);
        roster = new Roster(jdbc);
        invitations = new InvitationBook(jdbc);
        people = new People(jdbc);
        SubscribingEventProcessor.builder().name(Roster.PROCESSING_GROUP).messageSource(events)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(roster, invitations)
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance()).build())
                .build().start();

        var clients = EventSourcingRepository.builder(Client.class).eventStore(events).build();
        var groups = EventSourcingRepository.builder(UserGroup.class).eventStore(events).build();
        var memberships = EventSourcingRepository.builder(Membership.class).eventStore(events).build();
        var invitationRepository = EventSourcingRepository.builder(Invitation.class).eventStore(events).build();
        GroupAdministration groupAdministration = new GroupAdministration(groups, roster);
        MembershipAdmission admission = new MembershipAdmission(clients, groups, memberships);
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(transactions).build();
        for (Object handler : new Object[]{new ClientFounding(clients, groups), groupAdministration, admission,
                new GroupMemberships(memberships, groupAdministration, roster),
                new Invitations(invitationRepository, groupAdministration, roster, people, invitations, admission,
                        clock)}) {
            new AnnotationCommandHandlerAdapter<>(handler).subscribe(bus);
        }
        commands = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    /** The payloads stored for one aggregate, oldest first. */
    public java.util.List<Object> eventsOf(String aggregateId) {
        return events.readEvents(aggregateId).asStream().map(e -> (Object) e.getPayload()).toList();
    }
}
