package dev.attest.kit.crypto;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import java.text.ParseException;

/**
 * The envelope a code or a link travels in from identity-service to notification-service (decision 0002): a
 * compact JWE with A256GCM, its key wrapped for notification-service's key. An EC P-256 key wraps with
 * ECDH-ES+A256KW (a fraction of a millisecond); an RSA key (3072 bits, older installations) with RSA-OAEP-256,
 * whose decryption took most of notification-service's CPU per mail. Each key opens its own algorithm only.
 */
public final class MailEnvelope {

    private MailEnvelope() {
    }

    /** Seals secrets for the holder of {@code key}'s private half. */
    public static Sealer sealer(JWK key) {
        try {
            JWK publicKey = key.toPublicJWK();
            JWEEncrypter encrypter = publicKey instanceof ECKey ec ? new ECDHEncrypter(requireP256(ec))
                    : new RSAEncrypter((RSAKey) publicKey);
            return new Sealer(new JWEHeader.Builder(algorithmOf(publicKey), EncryptionMethod.A256GCM)
                    .keyID(publicKey.getKeyID()).build(), encrypter);
        } catch (JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA or EC P-256 encryption key", e);
        }
    }

    /** Opens what {@link #sealer} sealed for {@code key}, a private JWK. */
    public static Opener opener(JWK key) {
        try {
            JWEDecrypter decrypter = key instanceof ECKey ec ? new ECDHDecrypter(requireP256(ec))
                    : new RSADecrypter((RSAKey) key);
            return new Opener(algorithmOf(key), decrypter);
        } catch (JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("not a private RSA or EC P-256 key", e);
        }
    }

    private static JWEAlgorithm algorithmOf(JWK key) {
        return key instanceof ECKey ? JWEAlgorithm.ECDH_ES_A256KW : JWEAlgorithm.RSA_OAEP_256;
    }

    private static ECKey requireP256(ECKey key) {
        if (!Curve.P_256.equals(key.getCurve())) {
            throw new IllegalArgumentException("an EC mail key must be on P-256, not " + key.getCurve());
        }
        return key;
    }

    public static final class Sealer {

        private final JWEHeader header;
        private final JWEEncrypter encrypter;

        private Sealer(JWEHeader header, JWEEncrypter encrypter) {
            this.header = header;
            this.encrypter = encrypter;
        }

        public String seal(String secret) {
            JWEObject jwe = new JWEObject(header, new Payload(secret));
            try {
                jwe.encrypt(encrypter);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot encrypt for notification-service", e);
            }
            return jwe.serialize();
        }
    }

    public static final class Opener {

        private final JWEAlgorithm algorithm;
        private final JWEDecrypter decrypter;

        private Opener(JWEAlgorithm algorithm, JWEDecrypter decrypter) {
            this.algorithm = algorithm;
            this.decrypter = decrypter;
        }

        /**
         * Opens a JWE of this key's algorithm with A256GCM, and nothing else: a decrypter accepts weaker
         * algorithms of its family too (RSA1_5, ECDH-ES without key wrapping), so a forged header is refused first.
         */
        public String open(String jwe) {
            try {
                JWEObject object = JWEObject.parse(jwe);
                if (!algorithm.equals(object.getHeader().getAlgorithm())
                        || !EncryptionMethod.A256GCM.equals(object.getHeader().getEncryptionMethod())) {
                    throw new IllegalArgumentException("a secret encrypted with " + object.getHeader().getAlgorithm()
                            + "/" + object.getHeader().getEncryptionMethod() + ", not " + algorithm + "/A256GCM");
                }
                object.decrypt(decrypter);
                return object.getPayload().toString();
            } catch (ParseException | JOSEException e) {
                throw new IllegalArgumentException("cannot open an encrypted secret", e);
            }
        }
    }
}
