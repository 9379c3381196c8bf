package dev.attest.kit.security;

/** Names of the claims in Attest access tokens (besides sub, iss, aud, iat, exp, jti). */
public final class TokenClaims {

    /** The active client (tenant) the token acts in; absent for the platform operator. */
    public static final String CLIENT = "cid";
    /** MAIN or GUEST: the caller's membership kind in the active client. */
    public static final String MEMBERSHIP_KIND = "mk";
    /** "interactive" (a person through a frontend) or "api" (an API-access token). */
    public static final String USE = "use";
    /** The login session the token was minted for; a password change keeps only the changer's. */
    public static final String SESSION = "sid";
    /** true for the platform operator account. */
    public static final String OPERATOR = "op";
    /** The API key an API token was obtained with (use "api" only). */
    public static final String API_KEY = "akid";

    public static final String USE_INTERACTIVE = "interactive";
    public static final String USE_API = "api";

    private TokenClaims() {
    }
}
