package dev.attest.notification.delivery;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.attest.embedded.MailKeys;
import dev.attest.kit.crypto.MailEnvelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both kinds of mail key open what identity-service seals for them, and nothing weaker. */
class SecretOpenerTest {

    static final ECKey EC = MailKeys.generate();
    static final RSAKey RSA = rsa();

    @Test
    void opensWhatIdentityServiceSealsWithAnEcKeyOrAnOlderRsaKey() {
        for (JWK key : new JWK[]{EC, RSA}) {
            SecretOpener opener = opener(key);
            assertThat(opener.open(MailEnvelope.sealer(key.toPublicJWK()).seal("123456"))).as(key.getKeyType().getValue())
                    .isEqualTo("123456");
        }
        assertThat(MailEnvelope.sealer(EC.toPublicJWK()).seal("123456")).startsWith("eyJ")
                .satisfies(jwe -> assertThat(JWEObject.parse(jwe).getHeader().getAlgorithm())
                        .isEqualTo(JWEAlgorithm.ECDH_ES_A256KW));
    }

    @Test
    void refusesEveryOtherAlgorithmTheKeyCouldOpen() throws Exception {
        for (JWEAlgorithm weaker : new JWEAlgorithm[]{JWEAlgorithm.RSA1_5, JWEAlgorithm.RSA_OAEP}) {
            String jwe = seal(weaker, EncryptionMethod.A256GCM, new RSAEncrypter(RSA.toPublicJWK()));
            assertThatThrownBy(() -> opener(RSA).open(jwe)).as(weaker.getName())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        String direct = seal(JWEAlgorithm.ECDH_ES, EncryptionMethod.A256GCM, new ECDHEncrypter(EC.toPublicJWK()));
        assertThatThrownBy(() -> opener(EC).open(direct)).isInstanceOf(IllegalArgumentException.class);
        String otherContent = seal(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A128CBC_HS256,
                new ECDHEncrypter(EC.toPublicJWK()));
        assertThatThrownBy(() -> opener(EC).open(otherContent)).isInstanceOf(IllegalArgumentException.class);
        String forRsa = MailEnvelope.sealer(RSA.toPublicJWK()).seal("123456");
        assertThatThrownBy(() -> opener(EC).open(forRsa)).as("another key's envelope")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SecretOpener opener(JWK key) {
        return new SecretOpener(new NotificationProperties(key.toJSONString(), null, null));
    }

    private static String seal(JWEAlgorithm algorithm, EncryptionMethod method, JWEEncrypter encrypter)
            throws Exception {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(algorithm, method).build(), new Payload("123456"));
        jwe.encrypt(encrypter);
        return jwe.serialize();
    }

    private static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(3072).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
