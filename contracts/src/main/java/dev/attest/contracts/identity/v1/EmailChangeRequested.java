package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/** The user asked to change their e-mail address to {@code newEmail}; a code went to the current address, valid until {@code expiresAt}. Nothing changed yet. */
public record EmailChangeRequested(EventContext context, String userId, String newEmail, Instant expiresAt) implements IntegrationEvent {
}
