package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** A member of the inviting client withdrew the invitation before it was answered. */
public record InvitationRevoked(EventContext context, String invitationId, String clientId)
        implements IntegrationEvent {
}
