package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** Both addresses agreed: {@code newEmail} is the user's login now. The old address got a notice with a link that undoes the change for seven days. */
public record EmailChanged(EventContext context, String userId, String oldEmail, String newEmail) implements IntegrationEvent {
}
