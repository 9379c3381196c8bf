package dev.attest.identity.secondfactor;

import dev.attest.identity.clientpolicy.TwoFactorPolicy;

/** A user's second factor as the settings page shows it: on by choice or because the client requires it. */
public record TwoFactorSettings(boolean enabled, String method, boolean enforcedByClient,
                                boolean authenticatorAppRequiredByClient, int recoveryCodesLeft) {

    static TwoFactorSettings of(boolean switchedOn, String method, int recoveryCodesLeft, TwoFactorPolicy policy) {
        return new TwoFactorSettings(switchedOn || policy.requireTwoFactor(), method, policy.requireTwoFactor(),
                policy.requireAuthenticatorApp(), recoveryCodesLeft);
    }
}
