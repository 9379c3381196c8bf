package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;
import dev.attest.contracts.Permission;

import java.util.Set;

/** A user group's name, permissions or joinability changed; the fields are the group as it is now. */
public record UserGroupChanged(EventContext context, String groupId, String clientId, String name,
                               Set<Permission> permissions, boolean joinable) implements IntegrationEvent {
}
