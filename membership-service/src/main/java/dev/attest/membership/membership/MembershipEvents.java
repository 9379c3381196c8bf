package dev.attest.membership.membership;

import dev.attest.contracts.membership.v1.ClientLeft.Reason;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import org.axonframework.serialization.Revision;

import java.util.List;

public final class MembershipEvents {

    private MembershipEvents() {
    }

    @Revision("1")
    public record MembershipStarted(String membershipId, String userId, String clientId, Kind kind,
                                    List<String> groupIds) {
    }

    @Revision("1")
    public record GroupJoined(String membershipId, String userId, String clientId, String groupId) {
    }

    @Revision("1")
    public record GroupLeft(String membershipId, String userId, String clientId, String groupId) {
    }

    @Revision("1")
    public record ClientLeft(String membershipId, String userId, String clientId, Reason reason) {
    }
}
