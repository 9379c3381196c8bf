package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;
import dev.attest.contracts.Permission;

import java.util.Set;

/**
 * A user group exists in a client and grants these permissions there. {@code joinable}: members holding
 * GROUPS_JOIN may join it themselves (absent in records from before it existed: read as false).
 */
public record UserGroupCreated(EventContext context, String groupId, String clientId, String name,
                               Set<Permission> permissions, Boolean joinable) implements IntegrationEvent {
}
