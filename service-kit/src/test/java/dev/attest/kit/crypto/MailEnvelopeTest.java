package dev.attest.kit.crypto;

import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EC envelope keeps its ephemeral key a while, stays standard JWE, and is opened only when intact. */
class MailEnvelopeTest {

    static final ECKey KEY = generate(Curve.P_256);

    @Test
    void envelopesOfOneMinuteShareTheEphemeralKeyButNotTheContentKey() throws Exception {
        MailEnvelope.Sealer sealer = MailEnvelope.sealer(KEY.toPublicJWK());
        JWEObject first = JWEObject.parse(sealer.seal("123456"));
        JWEObject second = JWEObject.parse(sealer.seal("654321"));

        assertThat(second.getHeader().getEphemeralPublicKey()).isEqualTo(first.getHeader().getEphemeralPublicKey());
        assertThat(second.getEncryptedKey()).isNotEqualTo(first.getEncryptedKey());
        assertThat(second.getIV()).isNotEqualTo(first.getIV());
        MailEnvelope.Opener opener = MailEnvelope.opener(KEY);
        assertThat(opener.open(first.serialize())).isEqualTo("123456");
        assertThat(opener.open(second.serialize())).isEqualTo("654321");
        // Any JOSE library opens them: they are plain ECDH-ES+A256KW.
        second.decrypt(new ECDHDecrypter(KEY));
        assertThat(second.getPayload().toString()).isEqualTo("654321");
    }

    @Test
    void theEphemeralKeyIsRenewedWhenItsTimeIsUp() throws Exception {
        MailEnvelope.Sealer sealer = MailEnvelope.sealer(KEY.toPublicJWK(), Duration.ZERO);
        String first = sealer.seal("123456");
        String second = sealer.seal("123456");

        assertThat(JWEObject.parse(second).getHeader().getEphemeralPublicKey())
                .isNotEqualTo(JWEObject.parse(first).getHeader().getEphemeralPublicKey());
        MailEnvelope.Opener opener = MailEnvelope.opener(KEY);
        assertThat(opener.open(first)).isEqualTo("123456");
        assertThat(opener.open(second)).isEqualTo("123456");
    }

    @Test
    void aRememberedAgreementOpensNothingThatWasTamperedWith() {
        MailEnvelope.Sealer sealer = MailEnvelope.sealer(KEY.toPublicJWK());
        MailEnvelope.Opener opener = MailEnvelope.opener(KEY);
        assertThat(opener.open(sealer.seal("123456"))).isEqualTo("123456");

        String[] parts = sealer.seal("123456").split("\\.");
        byte[] cipherText = new Base64URL(parts[3]).decode();
        cipherText[0] ^= 1;
        parts[3] = Base64URL.encode(cipherText).toString();
        assertThatThrownBy(() -> opener.open(String.join(".", parts))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEnvelopeForAnotherKeyOrWithAnEphemeralKeyOfAnotherCurveIsNotOpened() throws Exception {
        String forAnother = MailEnvelope.sealer(generate(Curve.P_256).toPublicJWK()).seal("123456");
        assertThatThrownBy(() -> MailEnvelope.opener(KEY).open(forAnother)).isInstanceOf(IllegalArgumentException.class);

        JWEObject sealed = JWEObject.parse(MailEnvelope.sealer(KEY.toPublicJWK()).seal("123456"));
        var header = new com.nimbusds.jose.JWEHeader.Builder(sealed.getHeader())
                .ephemeralPublicKey(generate(Curve.P_384).toPublicJWK()).build();
        String otherCurve = String.join(".", header.toBase64URL().toString(), sealed.getEncryptedKey().toString(),
                sealed.getIV().toString(), sealed.getCipherText().toString(), sealed.getAuthTag().toString());
        assertThatThrownBy(() -> MailEnvelope.opener(KEY).open(otherCurve)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ECKey generate(Curve curve) {
        try {
            return new ECKeyGenerator(curve).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
