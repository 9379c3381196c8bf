package dev.attest.accesstokens;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** Refuses an access token whose subject was disabled after the token was issued. */
public final class NotDisabled implements OAuth2TokenValidator<Jwt> {

    private static final OAuth2Error DISABLED = new OAuth2Error("invalid_token", "the user is disabled", null);

    private final DisabledUsers users;

    public NotDisabled(DisabledUsers users) {
        this.users = users;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return users.isDisabled(token.getSubject()) ? OAuth2TokenValidatorResult.failure(DISABLED)
                : OAuth2TokenValidatorResult.success();
    }
}
