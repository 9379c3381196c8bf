package dev.attest.embedded.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signs access tokens the way identity-service does and serves its key set over real HTTP, so a single
 * service can be tested through its token validation without running identity-service. The system test
 * runs the real issuer.
 */
public final class TestTokenIssuer implements AutoCloseable {

    /** The issuer and audience every Attest service expects by default. */
    public static final String ISSUER = "attest";
    public static final String AUDIENCE = "attest-api";

    private final ECKey key;
    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final List<String> issued = new CopyOnWriteArrayList<>();

    public TestTokenIssuer() {
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** How often the key set was fetched. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** Every token handed out so far: bearer secrets, which a service must neither store nor log. */
    public List<String> issued() {
        return List.copyOf(issued);
    }

    public String operatorToken() {
        return token("operator-1", Map.of("op", true, "use", "interactive"), Duration.ofMinutes(5));
    }

    public String userToken(String userId, String clientId) {
        return token(userId, Map.of("cid", clientId, "mk", "MAIN", "use", "interactive"), Duration.ofMinutes(5));
    }

    public String token(String subject, Map<String, Object> claims, Duration lifetime) {
        return token(subject, claims, lifetime, key.getKeyID());
    }

    /** Signed with this issuer's key but naming {@code keyId}, which the key set may not know. */
    public String token(String subject, Map<String, Object> claims, Duration lifetime, String keyId) {
        return sign(claims(ISSUER, AUDIENCE, subject, claims, lifetime), keyId);
    }

    /**
     * The wrong tokens every protected endpoint must refuse, by what is wrong with them: another issuer,
     * another audience, HS256 keyed with the public key, and no signature at all.
     */
    public Map<String, String> forgeries(String subject, Map<String, Object> claims) {
        return Map.of(
                "another issuer", tokenFor("evil", AUDIENCE, subject, claims),
                "another audience", tokenFor(ISSUER, "another-api", subject, claims),
                "HS256 keyed with the public key", hs256WithThePublicKey(subject, claims),
                "alg none", unsigned(subject, claims));
    }

    /** A valid signature on a token for another issuer or audience. */
    public String tokenFor(String issuer, String audience, String subject, Map<String, Object> claims) {
        return sign(claims(issuer, audience, subject, claims, Duration.ofMinutes(5)), key.getKeyID());
    }

    /** The algorithm-confusion forgery: HS256, keyed with the bytes of the public key anyone can fetch. */
    public String hs256WithThePublicKey(String subject, Map<String, Object> claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims(ISSUER, AUDIENCE, subject, claims, Duration.ofMinutes(5)));
        try {
            jwt.sign(new MACSigner(key.toECPublicKey().getEncoded()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return handOut(jwt.serialize());
    }

    /** {@code alg: none}: valid claims, no signature. */
    public String unsigned(String subject, Map<String, Object> claims) {
        return handOut(new PlainJWT(claims(ISSUER, AUDIENCE, subject, claims, Duration.ofMinutes(5))).serialize());
    }

    private String handOut(String token) {
        issued.add(token);
        return token;
    }

    private static JWTClaimsSet claims(String issuer, String audience, String subject, Map<String, Object> claims,
                                       Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .subject(subject).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(builder::claim);
        return builder.build();
    }

    private String sign(JWTClaimsSet claims, String keyId) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return handOut(jwt.serialize());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
