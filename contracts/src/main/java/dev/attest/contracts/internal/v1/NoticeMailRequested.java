package dev.attest.contracts.internal.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.util.Map;

/**
 * identity-service asks notification-service to tell a user something that carries no secret: that the
 * password was changed (PASSWORD_CHANGED), that they sign in with an external provider when they asked
 * for a forgotten password (SIGN_IN_WITH_PROVIDER, {@code fields.provider}), or that their second factor
 * changed (RECOVERY_CODE_USED with {@code fields.recoveryCodesLeft}), or welcome a user who signs in with an
 * external provider (WELCOME_EXTERNAL, {@code fields.provider}, {@code fields.signInUrl}). Internal, on the
 * same topic as {@link SecretMailRequested}.
 */
public record NoticeMailRequested(EventContext context, String userId, String recipient, Template template,
                                  String locale, String firstName, Map<String, String> fields)
        implements IntegrationEvent {

    public enum Template {
        PASSWORD_CHANGED, SIGN_IN_WITH_PROVIDER, TWO_FACTOR_ENABLED, TWO_FACTOR_DISABLED, AUTHENTICATOR_APP_CONFIGURED,
        AUTHENTICATOR_APP_REMOVED, RECOVERY_CODE_USED, RECOVERY_CODES_RENEWED, WELCOME_EXTERNAL
    }
}
