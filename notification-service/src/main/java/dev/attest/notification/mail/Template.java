package dev.attest.notification.mail;

/** The mails the platform sends; each has a text template per language under templates/. */
public enum Template {
    /** Welcome with a single-use set-password link; the secret is the link's token. */
    WELCOME,
    /** A login's second-factor code; the secret is the code. */
    LOGIN_CODE,
    /** A forgotten password's single-use reset link; the secret is the link's token. */
    PASSWORD_RESET,
    /** To the current address: a code that agrees to an e-mail change. */
    EMAIL_CHANGE_CURRENT,
    /** To the new address: a code that proves it receives mail. */
    EMAIL_CHANGE_NEW,
    /** To the old address after a change: a link that undoes it for seven days. */
    EMAIL_CHANGED,
    /** The password was changed or reset; no secret. */
    PASSWORD_CHANGED(false),
    /** Asked for a forgotten password, but the user signs in with a provider ({@code provider}); no secret. */
    SIGN_IN_WITH_PROVIDER(false),
    /** Second factors switched on (e-mail codes); no secret. */
    TWO_FACTOR_ENABLED(false),
    /** Second factors switched off; no secret. */
    TWO_FACTOR_DISABLED(false),
    /** An authenticator app is the second factor now; no secret. */
    AUTHENTICATOR_APP_CONFIGURED(false),
    /** Back to e-mail codes from an app; no secret. */
    AUTHENTICATOR_APP_REMOVED(false),
    /** A recovery code was used ({@code recoveryCodesLeft}); no secret. */
    RECOVERY_CODE_USED(false),
    /** All recovery codes were replaced; no secret. */
    RECOVERY_CODES_RENEWED(false),
    /** Welcome for a user who signs in with an external provider ({@code provider}, {@code signInUrl}); no secret. */
    WELCOME_EXTERNAL(false),
    /**
     * An invitation to another client as a guest ({@code inviterName}, {@code clientName}, {@code groupName},
     * {@code expiresOn}; {@code link} to the invitations page); no secret: only the invited account can answer it.
     */
    INVITATION(false);

    private final boolean carriesSecret;

    Template() {
        this(true);
    }

    Template(boolean carriesSecret) {
        this.carriesSecret = carriesSecret;
    }

    /** Whether the mail carries a secret (code, link token) that is held until it is sent. */
    public boolean carriesSecret() {
        return carriesSecret;
    }
}
