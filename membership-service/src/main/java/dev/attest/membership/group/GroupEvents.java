package dev.attest.membership.group;

import dev.attest.contracts.Permission;
import org.axonframework.serialization.Revision;

import java.util.Set;

public final class GroupEvents {

    private GroupEvents() {
    }

    @Revision("1")
    public record GroupCreated(String groupId, String clientId, String name, Set<Permission> permissions,
                               boolean joinable) {
    }

    /** The group as it is after the change. */
    @Revision("1")
    public record GroupChanged(String groupId, String clientId, String name, Set<Permission> permissions,
                               boolean joinable) {
    }

    @Revision("1")
    public record GroupDeleted(String groupId, String clientId) {
    }
}
