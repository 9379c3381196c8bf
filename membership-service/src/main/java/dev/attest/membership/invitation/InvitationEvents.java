package dev.attest.membership.invitation;

import org.axonframework.serialization.Revision;

import java.time.Instant;

public final class InvitationEvents {

    private InvitationEvents() {
    }

    @Revision("1")
    public record InvitationSent(String invitationId, String clientId, String groupId, String email,
                                 String inviterId, Instant expiresAt) {
    }

    /** What the addressee's mail says is kept with the event, so a replay mails the same words. */
    @Revision("1")
    public record InvitationDelivered(String invitationId, String clientId, String userId, String email,
                                      String firstName, String locale, String clientName, String groupName,
                                      String inviterName, Instant expiresAt) {
    }

    @Revision("1")
    public record InvitationAccepted(String invitationId, String clientId, String userId, String groupId,
                                     String membershipId) {
    }

    @Revision("1")
    public record InvitationRejected(String invitationId, String clientId, String userId) {
    }

    @Revision("1")
    public record InvitationRevoked(String invitationId, String clientId) {
    }
}
