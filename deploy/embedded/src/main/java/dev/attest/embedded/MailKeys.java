package dev.attest.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.UUID;

/**
 * The key pair codes and links are encrypted with on their way to notification-service: its private
 * half belongs to notification-service, its public half to identity-service.
 */
public final class MailKeys {

    private MailKeys() {
    }

    public static RSAKey generate() {
        try {
            return new RSAKeyGenerator(3072).keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP_256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
