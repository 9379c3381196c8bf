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

    public void requireOperator() {
        if (!operator) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "operator-only",
                    "Only the platform operator may do this.");
        }
    }
}
