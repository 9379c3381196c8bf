package dev.attest.identity.crypto;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String OLD = "old:" + Base64.getEncoder().encodeToString(IdentityKeys.randomBytes(32));
    private static final String NEW = "new:" + Base64.getEncoder().encodeToString(IdentityKeys.randomBytes(32));

    @Test
    void sealsUnderTheFirstKeyAndOpensOnlyForTheSameUser() {
        SecretBox box = SecretBox.parse(OLD);

        SecretBox.Sealed sealed = box.seal("JBSWY3DPEHPK3PXP", "u1");

        assertThat(sealed.keyId()).isEqualTo("old");
        assertThat(sealed.ciphertext()).doesNotContain("JBSWY3DP");
        assertThat(box.seal("JBSWY3DPEHPK3PXP", "u1").ciphertext()).isNotEqualTo(sealed.ciphertext());
        assertThat(box.open(sealed, "u1")).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThatThrownBy(() -> box.open(sealed, "u2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewKeyGoesFirstAndTheOldOneStillOpens() {
        SecretBox.Sealed underOld = SecretBox.parse(OLD).seal("JBSWY3DPEHPK3PXP", "u1");
        SecretBox rotated = SecretBox.parse(NEW + "," + OLD);

        assertThat(rotated.open(underOld, "u1")).isEqualTo("JBSWY3DPEHPK3PXP");
        assertThat(rotated.seal("JBSWY3DPEHPK3PXP", "u1").keyId()).isEqualTo("new");
        assertThatThrownBy(() -> SecretBox.parse(NEW).open(underOld, "u1"))
                .hasMessageContaining("lacks key old");
    }

    @Test
    void refusesKeysOfTheWrongSizeOrForm() {
        assertThatThrownBy(() -> SecretBox.parse("k:" + Base64.getEncoder().encodeToString(new byte[20])))
                .hasMessageContaining("16 or 32 bytes");
        assertThatThrownBy(() -> SecretBox.parse("no-colon")).hasMessageContaining("id:base64key");
    }
}
