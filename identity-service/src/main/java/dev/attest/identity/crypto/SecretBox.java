package dev.attest.identity.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AES-256-GCM for the secrets identity-service must read back, which a hash cannot keep: authenticator-app
 * secrets and the private keys that sign access tokens. Each ciphertext names its key, so keys rotate: the
 * first configured key encrypts, every configured key decrypts. What a secret belongs to (the user id, the
 * signing key's id) is the associated data, so a ciphertext copied elsewhere does not open.
 */
public final class SecretBox {

    /** A secret as it is stored: the id of the key and base64(iv || ciphertext || tag). */
    public record Sealed(String keyId, String ciphertext) {
    }

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    SecretBox(Map<String, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalStateException("attest.identity.keys.sealing-keys holds no key");
        }
        this.currentKeyId = keys.keySet().iterator().next();
        this.keys = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (key.length != 16 && key.length != 32) {
                throw new IllegalStateException("attest.identity.keys.sealing-keys: key " + id + " must be 16 or 32 bytes");
            }
            this.keys.put(id, new SecretKeySpec(key, "AES"));
        });
    }

    /** {@code id:base64,id:base64,...}, the first one current. */
    public static SecretBox parse(String configured) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : configured.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException("attest.identity.keys.sealing-keys: expected id:base64key, comma-separated");
            }
            keys.put(entry.substring(0, colon).trim(), Base64.getDecoder().decode(entry.substring(colon + 1).trim()));
        }
        return new SecretBox(keys);
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    public Sealed seal(String secret, String boundTo) {
        byte[] iv = IdentityKeys.randomBytes(IV_BYTES);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, currentKeyId, iv, boundTo);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new Sealed(currentKeyId, Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    public String open(Sealed sealed, String boundTo) {
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, sealed.keyId(), Arrays.copyOf(bytes, IV_BYTES), boundTo);
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a secret sealed under key " + sealed.keyId(), e);
        }
    }

    private Cipher cipher(int mode, String keyId, byte[] iv, String boundTo) throws GeneralSecurityException {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("attest.identity.keys.sealing-keys lacks key " + keyId
                    + ", which sealed a stored secret; keep old keys after the current one");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
