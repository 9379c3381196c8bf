package dev.attest.accesstokens;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses an access token whose subject was disabled after the token was issued, whose client the subject
 * has left since, or, for an API token, whose key or API access was revoked since.
 */
public final class NotRevoked implements OAuth2TokenValidator<Jwt> {

    /** The token's active client: the claim {@code TokenClaims.CLIENT} of service-kit. */
    static final String CLIENT_CLAIM = "cid";
    /** {@code TokenClaims.USE}, {@code TokenClaims.USE_API} and {@code TokenClaims.API_KEY} of service-kit. */
    static final String USE_CLAIM = "use";
    static final String API_USE = "api";
    static final String API_KEY_CLAIM = "akid";
    private static final OAuth2Error DISABLED = new OAuth2Error("invalid_token", "the user is disabled", null);
    private static final OAuth2Error LEFT = new OAuth2Error("invalid_token", "the user left the token's client", null);
    private static final OAuth2Error API_REVOKED = new OAuth2Error("invalid_token",
            "the API key or the user's API access was revoked", null);

    private final RevokedAccess revoked;

    public NotRevoked(RevokedAccess revoked) {
        this.revoked = revoked;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (revoked.isDisabled(token.getSubject())) {
            return OAuth2TokenValidatorResult.failure(DISABLED);
        }
        if (API_USE.equals(token.getClaimAsString(USE_CLAIM)) && revoked.apiAccessRevoked(token.getSubject(),
                token.getClaimAsString(API_KEY_CLAIM), token.getIssuedAt())) {
            return OAuth2TokenValidatorResult.failure(API_REVOKED);
        }
        return revoked.hasLeft(token.getSubject(), token.getClaimAsString(CLIENT_CLAIM), token.getIssuedAt())
                ? OAuth2TokenValidatorResult.failure(LEFT) : OAuth2TokenValidatorResult.success();
    }
}
