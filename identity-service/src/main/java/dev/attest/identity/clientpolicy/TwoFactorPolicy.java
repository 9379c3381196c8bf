package dev.attest.identity.clientpolicy;

/** What a client asks of its users' second factor; an authenticator app implies a second factor. */
public record TwoFactorPolicy(boolean requireTwoFactor, boolean requireAuthenticatorApp) {

    public static final TwoFactorPolicy NONE = new TwoFactorPolicy(false, false);

    public TwoFactorPolicy {
        requireTwoFactor = requireTwoFactor || requireAuthenticatorApp;
    }
}
