package dev.attest.identity.session;

/** The answer of a completed login or a refresh (RFC 6749 5.1 shape, camel-cased for this API). */
public record TokenResponse(String accessToken, String refreshToken, long expiresIn, String tokenType) {

    static TokenResponse bearer(String accessToken, String refreshToken) {
        return new TokenResponse(accessToken, refreshToken, AccessTokens.LIFETIME.toSeconds(), "Bearer");
    }
}
