package dev.attest.identity.crypto;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Key material of identity-service. Keys given as properties win; missing signing and hashing keys are
 * generated once into {@code directory} (handy locally, wrong for several instances: give them instead).
 *
 * @param signingKey        EC P-256 private JWK that signs access tokens
 * @param hashKey           base64 key (32 bytes or more) of the HMAC that hashes codes and tokens at rest
 * @param mailEncryptionKey notification-service's public RSA JWK: codes and links travel encrypted for it
 * @param sealingKeys       AES keys that seal authenticator-app secrets and signing keys at rest: {@code id:base64key} (16 or
 *                          32 bytes) separated by commas; the first encrypts, all decrypt, so a new key goes first
 *                          and an old one stays until no secret uses it
 * @param directory         where generated keys are kept
 */
@ConfigurationProperties("attest.identity.keys")
public record IdentityKeyProperties(String signingKey, String hashKey, String mailEncryptionKey, String sealingKeys,
                                    Path directory) {
}
