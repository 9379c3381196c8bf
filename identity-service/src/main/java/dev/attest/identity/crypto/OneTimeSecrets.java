package dev.attest.identity.crypto;

import dev.attest.kit.crypto.MailEnvelope;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Makes the one-time secrets of identity-service: e-mail codes, set-password tokens, refresh tokens.
 * At rest only a keyed hash (HMAC-SHA256) is kept, so even a six-digit code can't be brute-forced
 * offline from a leaked event store; what must reach a mailbox is encrypted for notification-service.
 */
@Component
public class OneTimeSecrets {

    /** What the aggregate keeps and what travels to notification-service; the plaintext is gone. */
    public record MailedSecret(String hash, String encrypted) {
    }

    /** A secret the caller receives (refresh token part) and its hash. */
    public record HandedOutSecret(Secret secret, String hash) {
    }

    /** Recovery codes as shown once to the user, and the hashes kept in their place. */
    public record RecoveryCodes(List<String> codes, List<String> hashes) {
        @Override
        public String toString() {
            return "RecoveryCodes[" + codes.size() + " codes]";
        }
    }

    /** 32 letters and digits without 0/o and 1/l, so a code read from paper is typed right: 5 bits each. */
    private static final String RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec hashKey;
    private final MailEnvelope.Sealer mailSealer;

    public OneTimeSecrets(IdentityKeys keys) {
        this.hashKey = new SecretKeySpec(keys.hashKey(), "HmacSHA256");
        this.mailSealer = MailEnvelope.sealer(keys.mailEncryptionKey());
    }

    /** A six-digit code for a mailbox. */
    public MailedSecret mailedCode() {
        int code = IdentityKeys.RANDOM.nextInt(1_000_000);
        return mailed(String.format("%06d", code));
    }

    /** A 256-bit URL-safe token for a mailed link. */
    public MailedSecret mailedToken() {
        return mailed(URL.encodeToString(IdentityKeys.randomBytes(32)));
    }

    public HandedOutSecret handedOutToken() {
        String token = URL.encodeToString(IdentityKeys.randomBytes(32));
        return new HandedOutSecret(new Secret(token), hash(token));
    }

    /** {@code count} codes of ten characters (50 bits), written {@code xxxxx-xxxxx}. */
    public RecoveryCodes recoveryCodes(int count) {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                code.append(c == 5 ? "-" : "").append(RECOVERY_ALPHABET.charAt(IdentityKeys.RANDOM.nextInt(32)));
            }
            codes.add(code.toString());
        }
        return new RecoveryCodes(List.copyOf(codes), codes.stream().map(this::recoveryCodeHash).toList());
    }

    /** The hash of a recovery code as typed: case, spaces and dashes do not matter. */
    public String recoveryCodeHash(String presented) {
        return hash(presented.replaceAll("[\\s-]", "").toLowerCase(java.util.Locale.ROOT));
    }

    public String hash(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            return URL.encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public boolean matches(Secret presented, String storedHash) {
        if (presented == null || presented.value() == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(presented.value()).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private MailedSecret mailed(String secret) {
        return new MailedSecret(hash(secret), mailSealer.seal(secret));
    }
}
