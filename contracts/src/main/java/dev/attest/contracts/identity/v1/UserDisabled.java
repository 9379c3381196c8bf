package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The user was disabled: no login, no refresh, and access tokens already issued are refused by every service and the gateway until UserEnabled. */
public record UserDisabled(EventContext context, String userId) implements IntegrationEvent {
}
