package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * Someone asked for a forgotten password of this user: a single-use reset link was mailed, valid an hour.
 * Its token never travels on a public topic (docs/decisions/0006).
 */
public record PasswordResetLinkIssued(EventContext context, String userId, String email, String locale,
                                      Instant expiresAt) implements IntegrationEvent {
}
