package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * A password replaced the user's previous one: {@code reason} CHANGED (by the user, who knew the old one)
 * or RESET (through a reset link). The user's other sessions end.
 */
public record PasswordChanged(EventContext context, String userId, String reason) implements IntegrationEvent {
}
