package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** A member of a client is no longer in one of its groups: left by themselves or removed by a manager (the actor). */
public record GroupLeft(EventContext context, String membershipId, String userId, String clientId, String groupId)
        implements IntegrationEvent {
}
