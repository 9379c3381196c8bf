package dev.attest.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.util.UUID;

/**
 * The key pair codes and links are encrypted with on their way to notification-service: its private
 * half belongs to notification-service, its public half to identity-service. EC P-256 for ECDH-ES+A256KW
 * (an RSA key still works: {@code MailEnvelope}).
 */
public final class MailKeys {

    private MailKeys() {
    }

    public static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.ECDH_ES_A256KW)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
