package dev.attest.accesstokens;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token's signature is checked once a minute at most; its rules on every use; a forged one never passes. */
class RememberedSignaturesTest {

    final AtomicLong now = new AtomicLong();
    final Set<String> disabled = new HashSet<>();
    final OAuth2TokenValidator<Jwt> rules = jwt -> disabled.contains(jwt.getSubject())
            ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "user disabled", null))
            : OAuth2TokenValidatorResult.success();
    final AtomicInteger signatureChecks = new AtomicInteger();
    /** Stands in for Nimbus: "good.*" tokens are well signed, anything else is not. */
    final JwtDecoder nimbus = token -> {
        signatureChecks.incrementAndGet();
        if (!token.startsWith("good.")) {
            throw new BadJwtException("bad signature");
        }
        Jwt jwt = Jwt.withTokenValue(token).header("alg", "ES256").subject(token.substring(5))
                .issuedAt(Instant.EPOCH).expiresAt(Instant.MAX).build();
        if (rules.validate(jwt).hasErrors()) {
            throw new JwtValidationException("rules", rules.validate(jwt).getErrors());
        }
        return jwt;
    };
    final JwtDecoder decoder = new RememberedSignatures(rules, now::get).around(nimbus);

    @Test
    void theSignatureOfATokenSeenLatelyIsNotCheckedAgain() {
        assertThat(decoder.decode("good.ada").getSubject()).isEqualTo("ada");
        assertThat(decoder.decode("good.ada").getSubject()).isEqualTo("ada");
        assertThat(signatureChecks).hasValue(1);

        now.addAndGet(RememberedSignatures.REMEMBERED.toNanos() + 1);
        assertThat(decoder.decode("good.ada").getSubject()).isEqualTo("ada");
        assertThat(signatureChecks).as("checked again after a minute").hasValue(2);
    }

    @Test
    void theRulesAreCheckedOnEveryUse() {
        decoder.decode("good.ada");
        disabled.add("ada");

        assertThatThrownBy(() -> decoder.decode("good.ada")).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("user disabled");
        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void aBadTokenIsNeverRememberedAndCheckedEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("forged.ada")).isInstanceOf(BadJwtException.class);
        }
        assertThat(signatureChecks).hasValue(3);
    }

    @Test
    void itHoldsAtMostItsCapacity() {
        RememberedSignatures remembered = new RememberedSignatures(rules, now::get);
        for (int i = 0; i <= RememberedSignatures.CAPACITY; i++) {
            remembered.remember("good.u" + i, nimbus.decode("good.u" + i));
        }
        assertThat(remembered.recall("good.u0")).as("forgotten when full").isNull();
        assertThat(remembered.recall("good.u" + RememberedSignatures.CAPACITY)).isNotNull();
    }
}
