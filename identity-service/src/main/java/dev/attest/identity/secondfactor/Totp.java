package dev.attest.identity.secondfactor;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import com.warrenstrange.googleauth.GoogleAuthenticatorConfig;
import com.warrenstrange.googleauth.KeyRepresentation;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Authenticator-app codes (RFC 6238: HMAC-SHA1, 30-second steps) through googleauth. A code is accepted
 * for the current step and one either side, and only for a step later than the last one accepted
 * (RFC 6238 §5.2): googleauth would take the same code twice, so the step is found here and kept on the user.
 */
@Component
public class Totp {

    public static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    static final int STEPS_EITHER_SIDE = 1;
    /** A step before every real one: nothing accepted yet. */
    public static final long NONE_ACCEPTED = Long.MIN_VALUE;

    private final GoogleAuthenticator authenticator;
    private final int digits;

    public Totp() {
        this(DIGITS);
    }

    /** Other lengths only to check against the RFC's eight-digit vectors. */
    Totp(int digits) {
        this.digits = digits;
        this.authenticator = new GoogleAuthenticator(new GoogleAuthenticatorConfig.GoogleAuthenticatorConfigBuilder()
                .setCodeDigits(digits).setTimeStepSizeInMillis(STEP_SECONDS * 1000)
                .setWindowSize(2 * STEPS_EITHER_SIDE + 1).setNumberOfScratchCodes(0).setSecretBits(160)
                .setKeyRepresentation(KeyRepresentation.BASE32).build());
    }

    /** A new secret: 160 bits from a CSPRNG, base32 as apps expect it. */
    public String newSecret() {
        return authenticator.createCredentials().getKey();
    }

    /** The step {@code code} belongs to, if it is within one step of {@code now} and after {@code lastAccepted}. */
    public OptionalLong acceptedStep(String secret, String code, Instant now, long lastAccepted) {
        if (code == null || code.length() != digits || !code.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long current = Math.floorDiv(now.getEpochSecond(), STEP_SECONDS);
        OptionalLong accepted = OptionalLong.empty();
        for (long step = current - STEPS_EITHER_SIDE; step <= current + STEPS_EITHER_SIDE; step++) {
            String expected = String.format("%0" + digits + "d",
                    authenticator.getTotpPassword(secret, step * STEP_SECONDS * 1000));
            boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    code.getBytes(StandardCharsets.US_ASCII));
            if (same && step > lastAccepted && accepted.isEmpty()) {
                accepted = OptionalLong.of(step);
            }
        }
        return accepted;
    }

    /** What an app scans: the key URI format of Google Authenticator, which other apps read too. */
    public static String uri(String secret, String email) {
        return "otpauth://totp/Attest:" + URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20")
                + "?secret=" + secret + "&issuer=Attest&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }
}
