package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * A single-use set-password link was issued (the welcome mail). The link's token never travels on a
 * public topic, not even encrypted (docs/decisions/0006).
 */
public record PasswordSetupLinkIssued(EventContext context, String userId, String email, String firstName,
                                      String locale, Instant expiresAt)
        implements IntegrationEvent {
}
