package dev.attest.membership.client;

import dev.attest.contracts.Permission;
import org.axonframework.serialization.Revision;

import java.util.Set;

public final class ClientEvents {

    private ClientEvents() {
    }

    @Revision("1")
    public record ClientCreated(String clientId, String name, String administratorGroupId,
                                ClientCommands.Administrator administrator) {
    }

    /** Stored in a client's stream before groups had an aggregate of their own; read, never written. */
    @Revision("1")
    public record UserGroupCreated(String clientId, String groupId, String name, Set<Permission> permissions) {
    }
}
