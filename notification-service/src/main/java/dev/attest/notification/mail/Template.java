package dev.attest.notification.mail;

/** The mails the platform sends; each has a text template per language under templates/. */
public enum Template {
    /** Welcome with a single-use set-password link; the secret is the link's token. */
    WELCOME,
    /** A login's second-factor code; the secret is the code. */
    LOGIN_CODE,
    /** A forgotten password's single-use reset link; the secret is the link's token. */
    PASSWORD_RESET
}
