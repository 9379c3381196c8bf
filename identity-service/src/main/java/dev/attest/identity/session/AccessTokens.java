package dev.attest.identity.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.identity.signingkeys.SigningKeyRing;
import dev.attest.kit.security.ResourceServerConfiguration;
import dev.attest.kit.security.TokenClaims;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Mints the short-lived signed access tokens (ES256, with the kid of the ring's signing key) and publishes the verification keys. */
@Component
public class AccessTokens {

    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private final SigningKeyRing keys;
    private final Map<String, ECDSASigner> signers = new ConcurrentHashMap<>();
    private final ResourceServerConfiguration.TokenProperties properties;
    private final Clock clock;

    public AccessTokens(SigningKeyRing keys, ResourceServerConfiguration.TokenProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    public String mint(SessionFacts facts, String sessionId) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = claims(facts.userId(), now, now.plus(LIFETIME))
                .claim(TokenClaims.USE, TokenClaims.USE_INTERACTIVE)
                .claim(TokenClaims.SESSION, sessionId);
        if (facts.clientId() != null) {
            claims.claim(TokenClaims.CLIENT, facts.clientId()).claim(TokenClaims.MEMBERSHIP_KIND, facts.membershipKind());
        }
        if (facts.operator()) {
            claims.claim(TokenClaims.OPERATOR, true);
        }
        return signed(claims);
    }

    /** An API token: the main client, no session, and no longer than the key that obtained it. */
    public Minted mintApi(String userId, String mainClientId, String keyId, Instant keyExpiresAt) {
        Instant now = clock.instant();
        Instant expiresAt = keyExpiresAt != null && keyExpiresAt.isBefore(now.plus(LIFETIME)) ? keyExpiresAt
                : now.plus(LIFETIME);
        return new Minted(signed(claims(userId, now, expiresAt).claim(TokenClaims.USE, TokenClaims.USE_API)
                .claim(TokenClaims.API_KEY, keyId).claim(TokenClaims.CLIENT, mainClientId)
                .claim(TokenClaims.MEMBERSHIP_KIND, "MAIN")), Duration.between(now, expiresAt));
    }

    /** A token and how long it lives. */
    public record Minted(String token, Duration lifetime) {
        @Override
        public String toString() {
            return "Minted[token=[secret], lifetime=" + lifetime + "]";
        }
    }

    private JWTClaimsSet.Builder claims(String subject, Instant now, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.audience())
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(expiresAt));
    }

    private String signed(JWTClaimsSet.Builder claims) {
        ECKey signingKey = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ResourceServerConfiguration.ALGORITHM)
                .keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(signers.computeIfAbsent(signingKey.getKeyID(), kid -> signerOf(signingKey)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign access token", e);
        }
        return jwt.serialize();
    }

    /** The public keys of the ring that verifiers must know now (the next one, the signing one, the retiring ones). */
    public Map<String, Object> jwks() {
        return keys.published().toJSONObject();
    }

    private static ECDSASigner signerOf(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key " + key.getKeyID(), e);
        }
    }
}
