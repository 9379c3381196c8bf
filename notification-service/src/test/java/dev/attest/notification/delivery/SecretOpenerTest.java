package dev.attest.notification.delivery;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.RSAKey;
import dev.attest.embedded.MailKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretOpenerTest {

    static final RSAKey KEY = MailKeys.generate();
    final SecretOpener opener = new SecretOpener(new NotificationProperties(KEY.toJSONString(), null, null));

    @Test
    void opensWhatIdentityServiceSeals() throws Exception {
        assertThat(opener.open(seal(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM))).isEqualTo("123456");
    }

    @Test
    void refusesEveryOtherAlgorithmTheKeyCouldOpen() throws Exception {
        for (JWEAlgorithm weaker : new JWEAlgorithm[]{JWEAlgorithm.RSA1_5, JWEAlgorithm.RSA_OAEP}) {
            String jwe = seal(weaker, EncryptionMethod.A256GCM);
            assertThatThrownBy(() -> opener.open(jwe)).as(weaker.getName()).isInstanceOf(IllegalArgumentException.class);
        }
        String otherContent = seal(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128CBC_HS256);
        assertThatThrownBy(() -> opener.open(otherContent)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String seal(JWEAlgorithm algorithm, EncryptionMethod method) throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(algorithm, method).keyID(KEY.getKeyID()).build(),
                new Payload("123456"));
        jwe.encrypt(new RSAEncrypter(KEY.toPublicJWK()));
        return jwe.serialize();
    }
}
