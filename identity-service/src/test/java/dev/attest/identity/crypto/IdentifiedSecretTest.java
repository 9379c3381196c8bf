package dev.attest.identity.crypto;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiedSecretTest {

    @Test
    void theIdIsTheUuidBeforeTheFirstDot() {
        IdentifiedSecret parsed = IdentifiedSecret.parse("6ce5611d-c4db-361e-8308-331deb5f4761.se.cret").orElseThrow();
        assertThat(parsed.id()).isEqualTo("6ce5611d-c4db-361e-8308-331deb5f4761");
        assertThat(parsed.secret().value()).isEqualTo("se.cret");
    }

    @Test
    void anythingElseIsNoToken() {
        assertThat(IdentifiedSecret.parse(null)).isEmpty();
        assertThat(IdentifiedSecret.parse("no-dot-at-all")).isEmpty();
        assertThat(IdentifiedSecret.parse("not-a-uuid.secret")).isEmpty();
        assertThat(IdentifiedSecret.parse(".secret")).isEmpty();
    }
}
