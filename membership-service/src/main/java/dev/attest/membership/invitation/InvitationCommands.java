package dev.attest.membership.invitation;

import java.time.Instant;

public final class InvitationCommands {

    private InvitationCommands() {
    }

    public record SendInvitation(String invitationId, String clientId, String groupId, String email,
                                 String inviterId, Instant expiresAt) {
    }

    /** An account with this address exists now: open invitations to it reach its inbox. */
    public record DeliverInvitations(String email) {
    }

    public record AnswerInvitation(String invitationId, String userId, boolean accept) {
    }

    public record RevokeInvitation(String invitationId, String clientId) {
    }
}
