package dev.attest.membership.membership;

import dev.attest.contracts.membership.v1.ClientLeft.Reason;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;

import java.util.List;

/** Commands about a user's membership, addressed by user and client: the membership is looked up by them. */
public final class MembershipCommands {

    private MembershipCommands() {
    }

    public record StartMembership(String membershipId, String userId, String clientId, Kind kind,
                                  List<String> groupIds) {
    }

    /** {@code byThemselves}: the user joins (the group must be joinable); otherwise a manager assigns. */
    public record JoinGroup(String userId, String clientId, String groupId, boolean byThemselves) {
    }

    public record LeaveGroup(String userId, String clientId, String groupId) {
    }

    public record EndMembership(String userId, String clientId, Reason reason) {
    }
}
