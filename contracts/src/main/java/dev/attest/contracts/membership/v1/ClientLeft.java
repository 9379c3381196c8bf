package dev.attest.contracts.membership.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * A guest's membership in a client ended: the guest LEFT, or an administrator REMOVED it. Access to the
 * client ends with it, including access tokens issued for it before.
 */
public record ClientLeft(EventContext context, String membershipId, String userId, String clientId, Reason reason)
        implements IntegrationEvent {

    public enum Reason { LEFT, REMOVED }
}
