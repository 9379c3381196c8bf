package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/**
 * The user's second factor changed: {@code change} ENABLED, DISABLED, AUTHENTICATOR_APP_CONFIGURED,
 * AUTHENTICATOR_APP_REMOVED, RECOVERY_CODE_USED or RECOVERY_CODES_RENEWED. {@code enabled} (the user's own
 * switch), {@code method} (EMAIL, TOTP) and {@code recoveryCodesLeft} are the state afterwards.
 */
public record SecondFactorChanged(EventContext context, String userId, String change, boolean enabled, String method,
                                  int recoveryCodesLeft) implements IntegrationEvent {
}
