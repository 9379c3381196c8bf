package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The user's first sign-in through {@code provider} bound the account to the provider's identity, for good. */
public record ExternalIdentityLinked(EventContext context, String userId, String provider) implements IntegrationEvent {
}
