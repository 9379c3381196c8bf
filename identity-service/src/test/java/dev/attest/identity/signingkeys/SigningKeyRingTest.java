package dev.attest.identity.signingkeys;

import com.nimbusds.jose.jwk.JWK;
import dev.attest.embedded.testing.MutableClock;
import dev.attest.identity.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A key is published before it signs, and after it stopped signing until every token it signed has expired. */
class SigningKeyRingTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    JdbcTemplate database;
    MutableClock clock;

    @BeforeEach
    void setUp() {
        database = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", ""));
        clock = new MutableClock(NOW);
    }

    private SigningKeyRing ring(Duration rotateEvery) {
        return new SigningKeyRing(database, TestKeys.KEYS, clock, new SigningKeyProperties(Duration.ofMinutes(1), rotateEvery));
    }

    @Test
    void theConfiguredKeySignsFirstAndIsStoredSealed() {
        SigningKeyRing ring = ring(Duration.ZERO);

        assertThat(ring.signingKey().getKeyID()).isEqualTo(TestKeys.KEYS.signingKey().getKeyID());
        assertThat(ring.published().getKeys()).extracting(JWK::isPrivate).containsExactly(false);
        assertThat(database.queryForObject("select sealed_jwk from signing_keys", String.class))
                .doesNotContain("\"d\"").doesNotContain(TestKeys.KEYS.signingKey().getD().toString());
    }

    @Test
    void aNewKeyIsPublishedAtOnceSignsAfterThePublishAheadAndTheOldOneRetiresWhenItsTokensHaveExpired() {
        SigningKeyRing ring = ring(Duration.ZERO);
        String old = ring.signingKey().getKeyID();

        SigningKeyRing.KeyState next = ring.rotate();

        assertThat(next.state()).isEqualTo("NEXT");
        assertThat(next.activatesAt()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(ring.signingKey().getKeyID()).as("not yet").isEqualTo(old);
        assertThat(ring.published().getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder(old, next.kid());

        clock.advance(Duration.ofMinutes(1));
        assertThat(ring.signingKey().getKeyID()).isEqualTo(next.kid());
        assertThat(ring.states()).extracting(SigningKeyRing.KeyState::state).containsExactly("SIGNING", "RETIRING");
        assertThat(ring.published().getKeys()).extracting(JWK::getKeyID).contains(old);

        clock.advance(Duration.ofMinutes(6).minusSeconds(1));
        assertThat(ring.published().getKeys()).extracting(JWK::getKeyID).as("a token of it may still live").contains(old);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ring.published().getKeys()).extracting(JWK::getKeyID).containsExactly(next.kid());
        assertThat(ring.states()).extracting(SigningKeyRing.KeyState::state).containsExactly("SIGNING", "RETIRED");
    }

    @Test
    void everyInstanceSignsWithTheSameKey() {
        SigningKeyRing one = ring(Duration.ZERO);
        SigningKeyRing.KeyState next = one.rotate();
        SigningKeyRing other = ring(Duration.ZERO);
        clock.advance(Duration.ofMinutes(1));

        assertThat(other.signingKey()).isEqualTo(one.signingKey());
        assertThat(other.signingKey().getKeyID()).isEqualTo(next.kid());
    }

    @Test
    void aScheduleRotatesOnlyOnceTheNewestKeyIsOldEnough() {
        SigningKeyRing ring = ring(Duration.ofDays(30));
        ring.rotate();
        ring.rotateWhenDue();
        assertThat(ring.states()).hasSize(2);

        clock.advance(Duration.ofDays(30));
        ring.rotateWhenDue();
        assertThat(ring.states()).hasSize(3);
        ring(Duration.ZERO).rotateWhenDue();
        assertThat(ring.states()).as("no schedule configured").hasSize(3);
    }
}
