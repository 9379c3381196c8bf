package dev.attest.embedded.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSearchTest {

    static final String PASSWORD = "correct horse battery staple";

    @Test
    void findsASecretAsItselfAndInEveryEncodingAtEveryOffset() {
        byte[] bytes = PASSWORD.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            byte[] wrapped = new byte[offset + bytes.length + 2];
            System.arraycopy(bytes, 0, wrapped, offset, bytes.length);
            assertLeaks(Base64.getEncoder().encodeToString(wrapped), "base64 at offset " + offset);
            assertLeaks(Base64.getUrlEncoder().encodeToString(wrapped), "base64");
        }
        assertLeaks("{\"p\":\"" + PASSWORD + "\"}", "itself");
        assertLeaks("x=" + HexFormat.of().formatHex(bytes), "as hex");
        assertLeaks("X=" + HexFormat.of().withUpperCase().formatHex(bytes), "as HEX");
        assertLeaks("?p=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8), "URL-encoded");
        assertLeaks("?p=" + PASSWORD.replace(" ", "%20"), "URL-encoded with %20");
    }

    @Test
    void findsASecretInsideBinaryFiles(@TempDir Path directory) throws Exception {
        byte[] bytes = PASSWORD.getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[bytes.length + 10];
        file[0] = (byte) 0xff;
        System.arraycopy(bytes, 0, file, 5, bytes.length);
        Files.write(directory.resolve("store.db"), file);
        SecretSearch search = new SecretSearch().files("store", directory);
        assertThatThrownBy(() -> search.assertNoneOf(PASSWORD)).hasMessageContaining("in store store.db")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aSixDigitCodeCountsOnlyBetweenNonDigits() {
        SecretSearch timestamps = new SecretSearch().text("log", "at 1700000123456 took 4123456ms, id 1234567, "
                + "\"expiresAt\":\"2026-11-29T15:02:03.123456Z\", \"eventId\":\"3f2a9e1c-0b7d-4e12-a123456b-77c0\"");
        assertThatCode(() -> timestamps.assertNoneOf("123456")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new SecretSearch().text("log", "code=123456;").assertNoneOf("123456"))
                .hasMessageContaining("as itself in log");
        assertThatThrownBy(() -> new SecretSearch().text("log", "c=" + Base64.getEncoder().encodeToString(
                "123456".getBytes(StandardCharsets.US_ASCII))).assertNoneOf("123456")).hasMessageContaining("base64");
    }

    @Test
    void aPlaceThatShowsNoPlaintextProvesNothing() {
        SecretSearch search = new SecretSearch().text("Kafka topic t", "{\"email\":\"ada@acme.test\"}");
        assertThatCode(() -> search.assertVisibleIn("Kafka", "ada@acme.test")).doesNotThrowAnyException();
        assertThatThrownBy(() -> search.assertVisibleIn("MongoDB", "ada@acme.test"))
                .hasMessageContaining("proves nothing");
        assertThatThrownBy(() -> search.assertNoneOf()).hasMessageContaining("no secrets");
    }

    private static void assertLeaks(String haystack, String form) {
        assertThatThrownBy(() -> new SecretSearch().text("place", haystack).assertNoneOf(PASSWORD))
                .as(haystack).hasMessageContaining(form);
    }
}
