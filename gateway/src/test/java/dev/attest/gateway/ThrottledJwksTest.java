package dev.attest.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottledJwksTest {

    /** identity-service accepts the connection and never answers: the waiting requests are let go. */
    @Test
    void aKeySetFetchThatHangsEndsAfterItsTimeout() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("u1").build());
        jwt.sign(new ECDSASigner(key));
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readAllBytes(); // reads the request, answers nothing
                } catch (java.io.IOException closed) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ThrottledJwks keys = new ThrottledJwks(WebClient.create(),
                    "http://127.0.0.1:" + silent.getLocalPort() + "/.well-known/jwks.json", Duration.ofSeconds(5));
            List<?> found = keys.apply(jwt).collectList()
                    .block(ThrottledJwks.FETCH_TIMEOUT.plusSeconds(5));
            assertThat(found).as("no key, and no hang").isEmpty();
        }
    }
}
