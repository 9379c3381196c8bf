package dev.attest.kit.crypto;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWECryptoParts;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.impl.AAD;
import com.nimbusds.jose.crypto.impl.ECDH;
import com.nimbusds.jose.crypto.impl.ECDHCryptoProvider;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

import javax.crypto.SecretKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The envelope a code or a link travels in from identity-service to notification-service (decision 0002): a
 * compact JWE with A256GCM, its key wrapped for notification-service's key. An EC P-256 key wraps with
 * ECDH-ES+A256KW; an RSA key (3072 bits, older installations) with RSA-OAEP-256, whose decryption took most of
 * notification-service's CPU per mail. Each key opens its own algorithm only.
 * <p>
 * The two EC multiplications of ECDH-ES (a new ephemeral key and the agreement) were the dearest Java work of a
 * login in identity-service, and the agreement in notification-service: so a sealer keeps its ephemeral key for
 * {@link #EPHEMERAL_KEY_LIFETIME} and an opener remembers the agreements of the last few ephemeral keys. Every
 * envelope still has a content key of its own, wrapped with a key derived from the shared secret (the key
 * wrapping of ECDH-ES+A256KW is there for this); what a leaked ephemeral key would open is the secrets sealed in
 * that minute, which the sealer generated and knew anyway. The envelopes are standard JWE either way.
 */
public final class MailEnvelope {

    static final Duration EPHEMERAL_KEY_LIFETIME = Duration.ofMinutes(1);
    private static final int AGREEMENTS_REMEMBERED = 16;

    private MailEnvelope() {
    }

    /** Seals secrets for the holder of {@code key}'s private half. */
    public static Sealer sealer(JWK key) {
        return sealer(key, EPHEMERAL_KEY_LIFETIME);
    }

    static Sealer sealer(JWK key, Duration ephemeralKeyLifetime) {
        try {
            JWK publicKey = key.toPublicJWK();
            JWEEncrypter encrypter = publicKey instanceof ECKey ec
                    ? new EcdhWithLastingEphemeralKey(requireP256(ec).toECPublicKey(), ephemeralKeyLifetime)
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
            JWEDecrypter decrypter = key instanceof ECKey ec ? new EcdhWithRememberedAgreements(requireP256(ec))
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

    /** ECDH-ES+A256KW with an ephemeral key and its shared secret renewed every {@code lifetime}. */
    private static final class EcdhWithLastingEphemeralKey extends ECDHCryptoProvider implements JWEEncrypter {

        private record Ephemeral(ECKey publicKey, SecretKey sharedSecret, long bornAt) {
        }

        private final ECPublicKey recipient;
        private final long lifetimeNanos;
        private Ephemeral ephemeral; // guarded by this

        EcdhWithLastingEphemeralKey(ECPublicKey recipient, Duration lifetime) throws JOSEException {
            super(Curve.P_256, null);
            this.recipient = recipient;
            this.lifetimeNanos = lifetime.toNanos();
        }

        @Override
        public Set<Curve> supportedEllipticCurves() {
            return Set.of(Curve.P_256);
        }

        @Override
        public JWECryptoParts encrypt(JWEHeader header, byte[] clearText, byte[] aad) throws JOSEException {
            Ephemeral current = current();
            JWEHeader withKey = new JWEHeader.Builder(header).ephemeralPublicKey(current.publicKey()).build();
            // The additional data is the header, which now names the ephemeral key.
            byte[] updatedAad = Arrays.equals(AAD.compute(header), aad) ? AAD.compute(withKey) : aad;
            return encryptWithZ(withKey, current.sharedSecret(), clearText, updatedAad);
        }

        private synchronized Ephemeral current() throws JOSEException {
            long now = System.nanoTime();
            if (ephemeral == null || now - ephemeral.bornAt() >= lifetimeNanos) {
                try {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(Curve.P_256.toECParameterSpec());
                    KeyPair pair = generator.generateKeyPair();
                    ephemeral = new Ephemeral(new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic()).build(),
                            ECDH.deriveSharedSecret(recipient, pair.getPrivate(), null), now);
                } catch (GeneralSecurityException e) {
                    throw new JOSEException("cannot generate an ephemeral P-256 key", e);
                }
            }
            return ephemeral;
        }
    }

    /**
     * ECDH-ES+A256KW that remembers the shared secrets of the last ephemeral keys it met. A key is agreed with
     * only after the JDK has checked that its point is on P-256, so a remembered one was checked too.
     */
    private static final class EcdhWithRememberedAgreements extends ECDHCryptoProvider implements JWEDecrypter {

        private final ECPrivateKey privateKey;
        private final Map<String, SecretKey> agreements = new LinkedHashMap<>(AGREEMENTS_REMEMBERED, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SecretKey> eldest) {
                return size() > AGREEMENTS_REMEMBERED;
            }
        };

        EcdhWithRememberedAgreements(ECKey key) throws JOSEException {
            super(Curve.P_256, null);
            this.privateKey = key.toECPrivateKey();
        }

        @Override
        public Set<Curve> supportedEllipticCurves() {
            return Set.of(Curve.P_256);
        }

        @Override
        public byte[] decrypt(JWEHeader header, Base64URL encryptedKey, Base64URL iv, Base64URL cipherText,
                              Base64URL authTag, byte[] aad) throws JOSEException {
            if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
                throw new JOSEException("critical header parameters are not understood: " + header.getCriticalParams());
            }
            if (!(header.getEphemeralPublicKey() instanceof ECKey ephemeral) || !Curve.P_256.equals(ephemeral.getCurve())
                    || ephemeral.isPrivate()) {
                throw new JOSEException("no ephemeral public P-256 key in the header");
            }
            return decryptWithZ(header, aad, agreedWith(ephemeral), encryptedKey, iv, cipherText, authTag);
        }

        private SecretKey agreedWith(ECKey ephemeral) throws JOSEException {
            String point = ephemeral.getX() + "." + ephemeral.getY();
            synchronized (agreements) {
                SecretKey known = agreements.get(point);
                if (known != null) {
                    return known;
                }
            }
            SecretKey agreed = ECDH.deriveSharedSecret(ephemeral.toECPublicKey(), privateKey, null);
            synchronized (agreements) {
                agreements.put(point, agreed);
            }
            return agreed;
        }
    }
}
