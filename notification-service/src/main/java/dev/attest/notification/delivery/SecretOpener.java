package dev.attest.notification.delivery;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.JWK;
import org.springframework.stereotype.Component;

import java.text.ParseException;

/** Opens the JWE-encrypted codes and tokens; only this service holds the private key. */
@Component
public class SecretOpener {

    private final RSADecrypter decrypter;

    public SecretOpener(NotificationProperties properties) {
        if (properties.mailKey() == null || properties.mailKey().isBlank()) {
            throw new IllegalStateException("attest.notification.mail-key (ATTEST_NOTIFICATION_MAIL_KEY) must hold"
                    + " the private RSA JWK whose public half identity-service encrypts with");
        }
        try {
            this.decrypter = new RSADecrypter(JWK.parse(properties.mailKey()).toRSAKey());
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("attest.notification.mail-key is not a private RSA JWK", e);
        }
    }

    /**
     * Opens a JWE made with RSA-OAEP-256 and A256GCM, and nothing else: the decrypter would also accept
     * RSA1_5 or plain RSA-OAEP, so the header is checked first, or a forged header could force a weaker
     * algorithm on us.
     */
    public String open(String jwe) {
        try {
            JWEObject object = JWEObject.parse(jwe);
            if (!JWEAlgorithm.RSA_OAEP_256.equals(object.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(object.getHeader().getEncryptionMethod())) {
                throw new IllegalArgumentException("a secret encrypted with " + object.getHeader().getAlgorithm()
                        + "/" + object.getHeader().getEncryptionMethod() + ", not RSA-OAEP-256/A256GCM");
            }
            object.decrypt(decrypter);
            return object.getPayload().toString();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("cannot open an encrypted secret", e);
        }
    }
}
