package dev.attest.membership.membership;

import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

public final class MembershipCommands {

    private MembershipCommands() {
    }

    public record StartMembership(@TargetAggregateIdentifier String membershipId, String userId, String clientId,
                                  Kind kind, List<String> groupIds) {
    }
}
