package dev.attest.contracts.internal.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.time.Instant;

/**
 * identity-service asks notification-service to mail a secret: a set-password link's token (WELCOME) or a
 * login code (LOGIN_CODE), a reset link's token (PASSWORD_RESET). Internal: it travels on {@code attest.internal.secret-mail.v1}, a topic only
 * these two services may read, kept no longer than the longest-lived secret it carries (docs/decisions/0006).
 *
 * @param encryptedSecret a compact JWE (RSA-OAEP-256, A256GCM) only notification-service can open
 * @param firstName       the recipient's first name (WELCOME only)
 */
public record SecretMailRequested(EventContext context, String userId, String recipient, Template template,
                                  String locale, String firstName, String encryptedSecret, Instant expiresAt)
        implements IntegrationEvent {

    /**
     * EMAIL_CHANGE_CURRENT and EMAIL_CHANGE_NEW carry a code (to the current, then the new address);
     * EMAIL_CHANGED a link's token (to the old address, which may undo the change).
     */
    public enum Template { WELCOME, LOGIN_CODE, PASSWORD_RESET, EMAIL_CHANGE_CURRENT, EMAIL_CHANGE_NEW, EMAIL_CHANGED }
}
