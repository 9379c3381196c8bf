package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The invited user accepted: a guest membership {@code membershipId} in the client starts, in {@code groupId}. */
public record InvitationAccepted(EventContext context, String invitationId, String clientId, String userId,
                                 String groupId, String membershipId) implements IntegrationEvent {
}
