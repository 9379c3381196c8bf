package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** A member of a client is in one more of its groups: joined by themselves or assigned by a manager (the actor). */
public record GroupJoined(EventContext context, String membershipId, String userId, String clientId, String groupId)
        implements IntegrationEvent {
}
