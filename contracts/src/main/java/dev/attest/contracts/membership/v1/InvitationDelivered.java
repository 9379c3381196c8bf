package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * An invitation reached the account with its address: it is in that user's inbox from now on, and the user
 * is told by mail. Carries what the mail says, so notification-service needs nothing else.
 */
public record InvitationDelivered(EventContext context, String invitationId, String clientId, String userId,
                                  String email, String firstName, String locale, String clientName, String groupName,
                                  String inviterName, Instant expiresAt) implements IntegrationEvent {
}
