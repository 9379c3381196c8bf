package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** What a client requires of its users' second factor now; an authenticator app implies a second factor. */
public record ClientTwoFactorPolicyChanged(EventContext context, String clientId, boolean requireTwoFactor,
                                           boolean requireAuthenticatorApp) implements IntegrationEvent {
}
