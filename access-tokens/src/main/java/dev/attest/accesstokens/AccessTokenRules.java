package dev.attest.accesstokens;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * What a signature-checked access token must also be, wherever it is checked: from our issuer, for our
 * audience, within its lifetime, of a user who is not disabled, for a client the user has not left since.
 */
public final class AccessTokenRules {

    private AccessTokenRules() {
    }

    public static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, RevokedAccess revokedAccess) {
        OAuth2TokenValidator<Jwt> forUs = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "wrong audience", null));
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer), forUs,
                new NotRevoked(revokedAccess));
    }
}
