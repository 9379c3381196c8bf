package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * A member of a client invited an e-mail address to join it as a guest in {@code groupId} (the inviter is
 * the actor). The invitation reaches a user only when an account has that address: see InvitationDelivered.
 */
public record InvitationSent(EventContext context, String invitationId, String clientId, String groupId,
                             String email, Instant expiresAt) implements IntegrationEvent {
}
