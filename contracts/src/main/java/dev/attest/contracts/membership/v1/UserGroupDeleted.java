package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** A user group no longer exists; its members lost what it granted. */
public record UserGroupDeleted(EventContext context, String groupId, String clientId) implements IntegrationEvent {
}
