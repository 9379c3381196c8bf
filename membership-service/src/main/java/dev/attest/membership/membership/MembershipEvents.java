package dev.attest.membership.membership;

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
}
