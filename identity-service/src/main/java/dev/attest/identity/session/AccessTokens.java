package dev.attest.identity.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.attest.identity.crypto.IdentityKeys;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.kit.security.ResourceServerConfiguration;
import dev.attest.kit.security.TokenClaims;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/** Mints the short-lived signed access tokens (ES256, with kid) and publishes the verification keys. */
@Component
public class AccessTokens {

    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private final ECKey signingKey;
    private final ECDSASigner signer;
    private final ResourceServerConfiguration.TokenProperties properties;
    private final Clock clock;

    public AccessTokens(IdentityKeys keys, ResourceServerConfiguration.TokenProperties properties, Clock clock)
            throws JOSEException {
        this.signingKey = keys.signingKey();
        this.signer = new ECDSASigner(signingKey);
        this.properties = properties;
        this.clock = clock;
    }

    public String mint(SessionFacts facts, String sessionId) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(facts.userId())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .claim(TokenClaims.USE, TokenClaims.USE_INTERACTIVE)
                .claim(TokenClaims.SESSION, sessionId);
        if (facts.clientId() != null) {
            claims.claim(TokenClaims.CLIENT, facts.clientId()).claim(TokenClaims.MEMBERSHIP_KIND, facts.membershipKind());
        }
        if (facts.operator()) {
            claims.claim(TokenClaims.OPERATOR, true);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ResourceServerConfiguration.ALGORITHM)
                .keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign access token", e);
        }
        return jwt.serialize();
    }

    /** The public half of the signing key as a JWK Set. */
    public Map<String, Object> jwks() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }
}
