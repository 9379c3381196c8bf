package dev.attest.notification.delivery;

import com.nimbusds.jose.jwk.JWK;
import dev.attest.kit.crypto.MailEnvelope;
import org.springframework.stereotype.Component;

import java.text.ParseException;

/** Opens the JWE-encrypted codes and tokens; only this service holds the private key. */
@Component
public class SecretOpener {

    private final MailEnvelope.Opener opener;

    public SecretOpener(NotificationProperties properties) {
        if (properties.mailKey() == null || properties.mailKey().isBlank()) {
            throw new IllegalStateException("attest.notification.mail-key (ATTEST_NOTIFICATION_MAIL_KEY) must hold"
                    + " the private JWK (EC P-256, or RSA) whose public half identity-service encrypts with");
        }
        try {
            this.opener = MailEnvelope.opener(JWK.parse(properties.mailKey()));
        } catch (ParseException | IllegalArgumentException e) {
            throw new IllegalStateException("attest.notification.mail-key is not a private EC P-256 or RSA JWK", e);
        }
    }

    /** Opens a JWE of the key's own algorithm with A256GCM, and nothing else ({@link MailEnvelope.Opener}). */
    public String open(String jwe) {
        return opener.open(jwe);
    }
}
