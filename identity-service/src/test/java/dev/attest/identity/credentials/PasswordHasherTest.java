package dev.attest.identity.credentials;

import dev.attest.identity.crypto.Secret;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesAreArgon2idWithOwaspParametersAndASaltEach() {
        String first = hasher.hash(new Secret("correct horse battery"));
        String second = hasher.hash(new Secret("correct horse battery"));
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
        assertThat(hasher.matches(new Secret("correct horse battery"), first)).isTrue();
        assertThat(hasher.matches(new Secret("correct horse batterY"), first)).isFalse();
    }

    @Test
    void theNativeLibraryLoadsHere() {
        assertThat(hasher.implementation()).isEqualTo("native");
    }

    @Test
    void nativeAndJavaImplementationsReadEachOthersHashes() {
        Argon2PasswordEncoder java = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        assertThat(hasher.matches(new Secret("from bouncycastle"), java.encode("from bouncycastle"))).isTrue();
        assertThat(java.matches("from libargon2", hasher.hash(new Secret("from libargon2")))).isTrue();
    }

    @Test
    void noAccountMeansNoMatchEvenForTheDecoysPassword() {
        assertThat(hasher.matches(new Secret("decoy password that matches nothing"), null)).isFalse();
    }
}
