package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The invited user declined the invitation. */
public record InvitationRejected(EventContext context, String invitationId, String clientId, String userId)
        implements IntegrationEvent {
}
