package dev.attest.kit.security;

import dev.attest.kit.web.RuleViolation;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling and for which client, as proven by a validated access token. */
public record Caller(String userId, String clientId, String membershipKind, String use, boolean operator,
                     String sessionId) {

    static Caller from(Jwt jwt) {
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(TokenClaims.CLIENT),
                jwt.getClaimAsString(TokenClaims.MEMBERSHIP_KIND), jwt.getClaimAsString(TokenClaims.USE),
                Boolean.TRUE.equals(jwt.getClaimAsBoolean(TokenClaims.OPERATOR)),
                jwt.getClaimAsString(TokenClaims.SESSION));
    }

    /** The active client, or a 403 problem for a token that acts in none (the operator's). */
    public String requireClient() {
        if (clientId == null) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "no-active-client",
                    "This needs an active client; the operator account has none.");
        }
        return clientId;
    }

    /** Whether the token is an API token: it acts in the user's main client alone, with every permission there. */
    public boolean api() {
        return TokenClaims.USE_API.equals(use);
    }

    /** 403 for an API token: this touches another client than the main one, or needs a person. */
    public void requireInteractive() {
        if (api()) {
            throw apiRefusal();
        }
    }

    /**
     * Refuses a request about another client than the active one: 404 {@code client-not-found}, as if it did
     * not exist (its existence is not the caller's business); an API token, which knows it acts in the main
     * client alone, is refused outright (403).
     */
    public void requireActiveClient(String clientId) {
        if (!clientId.equals(requireClient())) {
            throw api() ? apiRefusal() : new RuleViolation(RuleViolation.Kind.NOT_FOUND, "client-not-found",
                    "There is no such client.");
        }
    }

    private static RuleViolation apiRefusal() {
        return new RuleViolation(RuleViolation.Kind.FORBIDDEN, "api-token-main-client-only",
                "An API token acts in its user's main client alone and cannot do this.");
    }

    public void requireOperator() {
        if (!operator) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "operator-only",
                    "Only the platform operator may do this.");
        }
    }
}
