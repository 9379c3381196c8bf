package dev.attest.membership.group;

import dev.attest.contracts.Permission;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Set;

public final class GroupCommands {

    private GroupCommands() {
    }

    public record CreateGroup(@TargetAggregateIdentifier String groupId, String clientId, String name,
                              Set<Permission> permissions, boolean joinable) {
    }

    /** Null fields stay as they are. */
    public record ChangeGroup(@TargetAggregateIdentifier String groupId, String clientId, String name,
                              Set<Permission> permissions, Boolean joinable) {
    }

    public record DeleteGroup(@TargetAggregateIdentifier String groupId, String clientId) {
    }
}
