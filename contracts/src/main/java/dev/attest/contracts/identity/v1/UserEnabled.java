package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The user was enabled again after UserDisabled. */
public record UserEnabled(EventContext context, String userId) implements IntegrationEvent {
}
