package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.util.List;

/** A user belongs to a client from now on: as MAIN (its home client) or GUEST, in these groups. */
public record MembershipStarted(EventContext context, String membershipId, String userId, String clientId,
                                Kind kind, List<String> groupIds) implements IntegrationEvent {

    public enum Kind { MAIN, GUEST }
}
