package dev.attest.identity;

import dev.attest.embedded.MailKeys;
import dev.attest.identity.crypto.IdentityKeyProperties;
import dev.attest.identity.crypto.IdentityKeys;
import dev.attest.identity.crypto.OneTimeSecrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Real key material for unit tests: generated once per test JVM. */
public final class TestKeys {

    public static final com.nimbusds.jose.jwk.ECKey MAIL_KEY = MailKeys.generate();
    public static final String SEALING_KEYS = "test-key:" + java.util.Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));
    public static final IdentityKeys KEYS = keys();

    private TestKeys() {
    }

    public static OneTimeSecrets secrets() {
        return new OneTimeSecrets(KEYS);
    }

    private static IdentityKeys keys() {
        try {
            return new IdentityKeys(new IdentityKeyProperties(null, null, MAIL_KEY.toPublicJWK().toJSONString(), SEALING_KEYS,
                    Files.createTempDirectory("identity-keys")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
