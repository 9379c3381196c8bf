package dev.attest.membership.client;

import dev.attest.contracts.Permission;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.group.UserGroup;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.EnumSet;

/** A new client starts with one group that holds every permission; its first administrator joins it. */
@Component
public class ClientFounding {

    private final Repository<Client> clients;
    private final Repository<UserGroup> groups;

    public ClientFounding(Repository<Client> clients, Repository<UserGroup> groups) {
        this.clients = clients;
        this.groups = groups;
    }

    @CommandHandler
    public void handle(CreateClient command) throws Exception {
        clients.newInstance(() -> new Client(command));
        groups.newInstance(() -> new UserGroup(command.administratorGroupId(), command.clientId(),
                Client.ADMINISTRATORS, EnumSet.allOf(Permission.class), false));
    }
}
