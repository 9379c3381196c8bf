package dev.attest.membership.membership;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.MembershipDomain;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.client.ClientEvents.ClientCreated;
import dev.attest.membership.group.GroupEvents.GroupCreated;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
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
    MembershipDomain domain;

    @BeforeEach
    void setUp() {
        domain = new MembershipDomain();
        domain.commands.sendAndWait(new CreateClient("c1", " Acme Bank ", "g1", ada));
        domain.commands.sendAndWait(new CreateClient("c2", "Other", "g2", ada));
    }

    @Test
    void aNewClientStartsWithAnAdministratorsGroupHoldingEveryPermission() {
        assertThat(domain.eventsOf("c1")).containsExactly(new ClientCreated("c1", "Acme Bank", "g1", ada));
        assertThat(domain.eventsOf("g1")).containsExactly(new GroupCreated("g1", "c1", "Administrators",
                EnumSet.allOf(Permission.class), false));
    }

    @Test
    void aSecondCreationOfAClientIsAStreamCreationConflict() {
        assertThatThrownBy(() -> domain.commands.sendAndWait(new CreateClient("c1", "Again", "g3", ada)))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThat(domain.eventsOf("c1")).hasSize(1);
        assertThat(domain.eventsOf("g3")).isEmpty();
    }

    @Test
    void aMembershipStartsOnceAndItsSecondStartIsAStreamCreationConflict() {
        domain.commands.sendAndWait(new StartMembership("m1", "u1", "c1", Kind.MAIN, List.of("g1")));
        assertThatThrownBy(() -> domain.commands.sendAndWait(new StartMembership("m1", "u1", "c1", Kind.MAIN,
                List.of("g1")))).isInstanceOf(AggregateStreamCreationException.class);
        assertThat(domain.eventsOf("m1")).hasSize(1);
        assertThat(domain.roster.permissionsOf("u1", "c1")).isEqualTo(EnumSet.allOf(Permission.class));
    }

    @Test
    void aGroupOfAnotherClientIsRefusedAsAnUnknownGroup() {
        for (String foreign : List.of("g2", "g-nowhere")) {
            assertThatThrownBy(() -> domain.commands.sendAndWait(new StartMembership("m1", "u1", "c1", Kind.MAIN,
                    List.of("g1", foreign))))
                    .isInstanceOfSatisfying(RuleViolation.class, refused -> {
                        assertThat(refused.type()).isEqualTo("unknown-group");
                        assertThat(refused.kind()).isEqualTo(RuleViolation.Kind.INVALID);
                    });
        }
        assertThat(domain.eventsOf("m1")).isEmpty();
        assertThat(domain.roster.membership("u1", "c1")).isEmpty();
    }

    @Test
    void aClientThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> domain.commands.sendAndWait(new StartMembership("m1", "u1", "no-such-client",
                Kind.MAIN, List.of())))
                .isInstanceOf(AggregateNotFoundException.class);
    }
}
