package dev.attest.accesstokens;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses an access token whose subject was disabled after the token was issued, or whose client the subject
 * has left since.
 */
public final class NotRevoked implements OAuth2TokenValidator<Jwt> {

    /** The token's active client: the claim {@code TokenClaims.CLIENT} of service-kit. */
    static final String CLIENT_CLAIM = "cid";
    private static final OAuth2Error DISABLED = new OAuth2Error("invalid_token", "the user is disabled", null);
    private static final OAuth2Error LEFT = new OAuth2Error("invalid_token", "the user left the token's client", null);

    private final RevokedAccess revoked;

    public NotRevoked(RevokedAccess revoked) {
        this.revoked = revoked;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (revoked.isDisabled(token.getSubject())) {
            return OAuth2TokenValidatorResult.failure(DISABLED);
        }
        return revoked.hasLeft(token.getSubject(), token.getClaimAsString(CLIENT_CLAIM), token.getIssuedAt())
                ? OAuth2TokenValidatorResult.failure(LEFT) : OAuth2TokenValidatorResult.success();
    }
}
