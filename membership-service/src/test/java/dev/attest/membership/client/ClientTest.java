package dev.attest.membership.client;

import dev.attest.contracts.Permission;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.client.ClientEvents.ClientCreated;
import dev.attest.membership.client.ClientEvents.UserGroupCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientTest {

    final AggregateTestFixture<Client> fixture = new AggregateTestFixture<>(Client.class);
    final Administrator ada = new Administrator("ada@acme.test", "Ada", "Lovelace", "en");

    @Test
    void aNewClientStartsWithAnAdministratorsGroupHoldingEveryPermission() {
        fixture.givenNoPriorActivity()
                .when(new CreateClient("c1", " Acme Bank ", "g1", ada))
                .expectEvents(new ClientCreated("c1", "Acme Bank", "g1", ada),
                        new UserGroupCreated("c1", "g1", "Administrators", EnumSet.allOf(Permission.class)));
    }

    @Test
    void aClientKnowsItsGroups() {
        Client client = new Client();
        client.on(new ClientCreated("c1", "Acme", "g1", ada));
        client.on(new UserGroupCreated("c1", "g1", "Administrators", EnumSet.allOf(Permission.class)));
        assertThat(client.hasGroups(List.of("g1"))).isTrue();
        assertThat(client.hasGroups(List.of("g1", "elsewhere"))).isFalse();
        assertThat(client.hasGroups(List.of())).isTrue();
    }
}
