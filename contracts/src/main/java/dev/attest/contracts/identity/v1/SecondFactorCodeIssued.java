package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * A login passed the password and waits for the e-mailed code. The code itself never travels on a
 * public topic, not even encrypted (docs/decisions/0006).
 */
public record SecondFactorCodeIssued(EventContext context, String userId, String email, String locale,
                                     String challengeId, Instant expiresAt)
        implements IntegrationEvent {
}
