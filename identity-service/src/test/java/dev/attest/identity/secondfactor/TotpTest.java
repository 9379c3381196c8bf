package dev.attest.identity.secondfactor;

import dev.attest.embedded.testing.IndependentTotp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier against RFC 6238 and its replay rule, on a clock the test sets. */
class TotpTest {

    /** RFC 6238 Appendix B's key: the ASCII bytes of "12345678901234567890", in base32. */
    private static final String RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @ParameterizedTest(name = "T = {0} s: {1}")
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void acceptsTheSha1CodesOfRfc6238AppendixB(long seconds, String code) {
        Totp eightDigits = new Totp(8);

        assertThat(eightDigits.acceptedStep(RFC_SECRET, code, Instant.ofEpochSecond(seconds), Totp.NONE_ACCEPTED))
                .isEqualTo(OptionalLong.of(seconds / 30));
    }

    @Test
    void acceptsOneStepEitherSideAndNoFurther() {
        Totp totp = new Totp();
        String secret = totp.newSecret();
        IndependentTotp app = IndependentTotp.fromBase32(secret);
        Instant now = Instant.parse("2026-11-29T12:00:10Z");
        long step = now.getEpochSecond() / 30;

        for (long offset = -1; offset <= 1; offset++) {
            assertThat(totp.acceptedStep(secret, app.codeOfStep(step + offset), now, Totp.NONE_ACCEPTED))
                    .isEqualTo(OptionalLong.of(step + offset));
        }
        assertThat(totp.acceptedStep(secret, app.codeOfStep(step - 2), now, Totp.NONE_ACCEPTED)).isEmpty();
        assertThat(totp.acceptedStep(secret, app.codeOfStep(step + 2), now, Totp.NONE_ACCEPTED)).isEmpty();
    }

    @Test
    void refusesACodeOfAStepAlreadyAcceptedOrEarlier() {
        Totp totp = new Totp();
        String secret = totp.newSecret();
        IndependentTotp app = IndependentTotp.fromBase32(secret);
        Instant now = Instant.parse("2026-11-29T12:00:10Z");
        long step = now.getEpochSecond() / 30;

        assertThat(totp.acceptedStep(secret, app.codeOfStep(step), now, step)).isEmpty();
        assertThat(totp.acceptedStep(secret, app.codeOfStep(step - 1), now, step)).isEmpty();
        assertThat(totp.acceptedStep(secret, app.codeOfStep(step + 1), now, step)).isEqualTo(OptionalLong.of(step + 1));
        // Thirty seconds on, the same code is still in the window, and still refused.
        assertThat(totp.acceptedStep(secret, app.codeOfStep(step), now.plusSeconds(30), step)).isEmpty();
    }

    @Test
    void refusesWhatIsNotSixDigits() {
        Totp totp = new Totp();
        String secret = totp.newSecret();
        Instant now = Instant.parse("2026-11-29T12:00:10Z");
        String code = IndependentTotp.fromBase32(secret).codeAt(now);

        assertThat(totp.acceptedStep(secret, code + "0", now, Totp.NONE_ACCEPTED)).isEmpty();
        assertThat(totp.acceptedStep(secret, "12345a", now, Totp.NONE_ACCEPTED)).isEmpty();
        assertThat(totp.acceptedStep(secret, "١٢٣٤٥٦", now, Totp.NONE_ACCEPTED)).isEmpty();
        assertThat(totp.acceptedStep(secret, null, now, Totp.NONE_ACCEPTED)).isEmpty();
    }

    @Test
    void newSecretsHold160RandomBitsAndMakeAUriAppsRead() {
        Totp totp = new Totp();
        String secret = totp.newSecret();

        assertThat(secret).matches("[A-Z2-7]{32}").isNotEqualTo(totp.newSecret());
        assertThat(Totp.uri(secret, "ada+1@acme.test")).isEqualTo("otpauth://totp/Attest:ada%2B1%40acme.test?secret="
                + secret + "&issuer=Attest&algorithm=SHA1&digits=6&period=30");
    }
}
