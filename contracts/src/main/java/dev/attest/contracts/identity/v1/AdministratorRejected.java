package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * identity-service did not create the first administrator a new client named; {@code reason} is EMAIL_TAKEN
 * (another user has the address). The client exists without an administrator until the operator acts.
 */
public record AdministratorRejected(EventContext context, String clientId, String email, String reason)
        implements IntegrationEvent {
}
