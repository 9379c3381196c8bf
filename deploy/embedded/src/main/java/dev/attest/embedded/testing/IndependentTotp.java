package dev.attest.embedded.testing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;

/**
 * An authenticator app for tests, written from RFC 4226 and RFC 6238 alone (HMAC-SHA1, 30-second steps,
 * six digits): it shares no code with the service's googleauth, so a test that logs in with its codes
 * checks the service against the standard, not against itself.
 */
public final class IndependentTotp {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] key;

    private IndependentTotp(byte[] key) {
        this.key = key;
    }

    /** From the {@code secret} parameter of an {@code otpauth://totp/...} URI, as an app scans it. */
    public static IndependentTotp fromUri(String otpauthUri) {
        for (String parameter : URI.create(otpauthUri).getRawQuery().split("&")) {
            if (parameter.startsWith("secret=")) {
                return fromBase32(parameter.substring("secret=".length()));
            }
        }
        throw new IllegalArgumentException("no secret in " + otpauthUri);
    }

    public static IndependentTotp fromBase32(String secret) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : secret.toUpperCase(Locale.ROOT).replace("=", "").toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return new IndependentTotp(bytes.toByteArray());
    }

    /** The code an app shows at {@code at}. */
    public String codeAt(Instant at) {
        return codeOfStep(Math.floorDiv(at.getEpochSecond(), 30));
    }

    public String codeOfStep(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0F;
            int binary = ((hash[offset] & 0x7F) << 24) | ((hash[offset + 1] & 0xFF) << 16)
                    | ((hash[offset + 2] & 0xFF) << 8) | (hash[offset + 3] & 0xFF);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
