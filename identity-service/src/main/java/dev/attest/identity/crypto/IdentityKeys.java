package dev.attest.identity.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;

/** Loads (or, locally, generates once) the keys identity-service signs, hashes and encrypts with. */
@Component
public class IdentityKeys {

    private static final Logger log = LoggerFactory.getLogger(IdentityKeys.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final ECKey signingKey;
    private final byte[] hashKey;
    private final JWK mailEncryptionKey;
    private final SecretBox secretBox;

    public IdentityKeys(IdentityKeyProperties properties) {
        this.signingKey = parse(valueOrFile(properties.signingKey(), properties.directory(), "signing-key.jwk",
                () -> newSigningKey().toJSONString()), "attest.identity.keys.signing-key").toECKey();
        this.hashKey = Base64.getDecoder().decode(valueOrFile(properties.hashKey(), properties.directory(), "hash-key",
                () -> Base64.getEncoder().encodeToString(randomBytes(32))).trim());
        if (hashKey.length < 32) {
            throw new IllegalStateException("attest.identity.keys.hash-key must hold at least 32 bytes");
        }
        if (properties.mailEncryptionKey() == null || properties.mailEncryptionKey().isBlank()) {
            throw new IllegalStateException("attest.identity.keys.mail-encryption-key (ATTEST_IDENTITY_KEYS_MAIL_ENCRYPTION_KEY)"
                    + " must hold notification-service's public JWK (EC P-256, or RSA)");
        }
        this.mailEncryptionKey = parse(properties.mailEncryptionKey(), "attest.identity.keys.mail-encryption-key")
                .toPublicJWK();
        this.secretBox = SecretBox.parse(valueOrFile(properties.sealingKeys(), properties.directory(), "sealing-keys",
                () -> UUID.randomUUID() + ":" + Base64.getEncoder().encodeToString(randomBytes(32))).trim());
    }

    /** Seals and opens the secrets identity-service must read back. */
    public SecretBox secretBox() {
        return secretBox;
    }

    /** The configured (or first generated) signing key; {@link dev.attest.identity.signingkeys.SigningKeyRing} starts from it. */
    public ECKey signingKey() {
        return signingKey;
    }

    byte[] hashKey() {
        return hashKey.clone();
    }

    JWK mailEncryptionKey() {
        return mailEncryptionKey;
    }

    /** A new EC P-256 key for ES256, with a random key id. */
    public static ECKey newSigningKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String valueOrFile(String value, Path directory, String fileName, Supplier<String> generator) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        if (directory == null) {
            throw new IllegalStateException("Neither a key nor attest.identity.keys.directory is set for " + fileName);
        }
        Path file = directory.resolve(fileName);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            String generated = generator.get();
            if (POSIX) {
                // Born private (700 / 600): no moment in which another user could read the key.
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createDirectories(directory); // Windows: the directory's ACL is what protects it
            }
            Files.writeString(file, generated, StandardCharsets.UTF_8);
            log.info("Generated {} (give it as a property when running several instances)", file);
            return generated;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or write " + file, e);
        }
    }

    private static JWK parse(String json, String property) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException(property + " is not a JWK", e);
        }
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static final SecureRandom RANDOM = new SecureRandom();
}
