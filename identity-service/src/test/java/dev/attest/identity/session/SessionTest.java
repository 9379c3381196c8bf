package dev.attest.identity.session;

import dev.attest.embedded.testing.MutableClock;
import dev.attest.identity.TestKeys;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.session.SessionCommands.EndSession;
import dev.attest.identity.session.SessionCommands.RotateRefreshToken;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.identity.session.SessionCommands.StartSession;
import dev.attest.identity.session.SessionEvents.RefreshTokenRotated;
import dev.attest.identity.session.SessionEvents.SessionEnded;
import dev.attest.identity.session.SessionEvents.SessionStarted;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final String SESSION = "s1";

    AggregateTestFixture<Session> fixture;
    OneTimeSecrets secrets;
    MutableClock clock;
    RotatedRefreshTokens rotatedTokens;
    final java.util.Set<String> revokedAccess = new java.util.HashSet<>();
    final SessionRules users = (userId, clientId, sessionId, startedAt) -> revokedAccess.contains(userId)
            ? java.util.Optional.of("USER_DISABLED") : java.util.Optional.empty();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Session.class);
        secrets = TestKeys.secrets();
        clock = new MutableClock(NOW);
        fixture.registerInjectableResource(secrets);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(users);
        rotatedTokens = new RotatedRefreshTokens(new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "")), clock);
        fixture.registerInjectableResource(rotatedTokens);
    }

    @Test
    void aSessionLivesFourteenDays() {
        fixture.givenNoPriorActivity()
                .when(new StartSession(SESSION, "u1", "c1", "MAIN", false, "h1",
                        new SessionOrigin("Mozilla/5.0", "203.0.113.7")))
                .expectEvents(new SessionStarted(SESSION, "u1", "c1", "MAIN", false, "h1", NOW.plus(Duration.ofDays(14)),
                        "Mozilla/5.0", "203.0.113.7"));
    }

    @Test
    void theCurrentRefreshTokenRotatesAndIsFiledAsRotated() {
        clock.advance(Duration.ofMinutes(3));
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "next-hash"))
                .expectResultMessagePayload(new SessionFacts("u1", "c1", "MAIN", false))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "next-hash", secrets.hash("first"), true));
        assertThat(rotatedTokens.rotatedAt(SESSION, secrets.hash("first"))).contains(NOW.plus(Duration.ofMinutes(3)));
        assertThat(rotatedTokens.rotatedAt("s2", secrets.hash("first"))).isEmpty();
    }

    @Test
    void aRotatedTokenComingBackAfterTheGraceEndsTheSession() {
        rotatedTokens.file(secrets.hash("first"), SESSION, NOW, NOW.plus(Duration.ofDays(14)));
        clock.advance(Session.REUSE_GRACE);
        fixture.givenCurrentTime(NOW).andGiven(started("first"), rotated("first", "second"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectResultMessagePayload(null)
                .expectEvents(new SessionEnded(SESSION, "u1", "REFRESH_TOKEN_REUSED"));
    }

    /** A token filed as rotated in another session is no token of this one: refused, and the session goes on. */
    @Test
    void aTokenRotatedInAnotherSessionIsUnknownHere() {
        rotatedTokens.file(secrets.hash("elsewhere"), "s2", NOW, NOW.plus(Duration.ofDays(14)));
        clock.advance(Duration.ofMinutes(1));
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("elsewhere"), "x"))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    /** Two tabs refresh with the same token at once: both go on, each with a token of its own. */
    @Test
    void aRotatedTokenComingBackWithinTheGraceRotatesToo() {
        rotatedTokens.file(secrets.hash("first"), SESSION, NOW, NOW.plus(Duration.ofDays(14)));
        clock.advance(Session.REUSE_GRACE.minusSeconds(1));
        // Filed once, at its first rotation: filing it again would break the table's primary key.
        fixture.givenCurrentTime(NOW).andGiven(started("first"), rotated("first", "second"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectResultMessagePayload(new SessionFacts("u1", "c1", "MAIN", false))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "third-hash", secrets.hash("first"), true));
        fixture.givenCurrentTime(NOW).andGiven(started("first"), rotated("first", "second"), rotated("first", "third"))
                .when(new RotateRefreshToken(SESSION, new Secret("second"), "fourth-hash"))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "fourth-hash", secrets.hash("second"), true));
        assertThat(rotatedTokens.rotatedAt(SESSION, secrets.hash("first"))).contains(NOW);
    }

    /** Rotations stored before the table name hashes it never got: the session remembers those itself. */
    @Test
    void aTokenRotatedBeforeTheTableStillEndsTheSessionAfterTheGrace() {
        clock.advance(Session.REUSE_GRACE);
        fixture.givenCurrentTime(NOW).andGiven(started("first"),
                        new RefreshTokenRotated(SESSION, "u1", secrets.hash("second"), secrets.hash("first"), false))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectEvents(new SessionEnded(SESSION, "u1", "REFRESH_TOKEN_REUSED"));
        clock.advance(Duration.ofSeconds(-1));
        fixture.givenCurrentTime(NOW).andGiven(started("first"),
                        new RefreshTokenRotated(SESSION, "u1", secrets.hash("second"), secrets.hash("first"), false))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "third-hash", secrets.hash("first"), false));
        assertThat(rotatedTokens.rotatedAt(SESSION, secrets.hash("first"))).isEmpty();
    }

    /** Another instance rotated the same live token at the same time: this rotation loses, as with its events. */
    @Test
    void aLiveTokenFiledMeanwhileElsewhereLosesTheRace() {
        rotatedTokens.file(secrets.hash("first"), SESSION, NOW, NOW.plus(Duration.ofDays(14)));
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "next-hash"))
                .expectException(ConcurrencyException.class);
    }

    /** Events stored before a session could hold two live tokens name no replaced token: the one live one was. */
    @Test
    void aRotationStoredWithoutItsReplacedTokenRotatedTheOnlyLiveOne() {
        clock.advance(Duration.ofMinutes(1));
        fixture.givenCurrentTime(NOW).andGiven(started("first"), new RefreshTokenRotated(SESSION, "u1",
                        secrets.hash("second"), null, false))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectEvents(new SessionEnded(SESSION, "u1", "REFRESH_TOKEN_REUSED"));
    }

    @Test
    void rotatedTokensAreForgottenOnceTheirSessionHasExpired() {
        rotatedTokens.file("old", "s0", NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(1)));
        rotatedTokens.file("recent", SESSION, NOW, NOW.plus(Duration.ofDays(14)));
        assertThat(rotatedTokens.forgetExpired()).isEqualTo(1);
        assertThat(rotatedTokens.rotatedAt("s0", "old")).isEmpty();
        assertThat(rotatedTokens.rotatedAt(SESSION, "recent")).contains(NOW);
    }

    @Test
    void itsUserEndsASessionFromTheListAndNobodyElseFindsIt() {
        fixture.given(started("first"))
                .when(new SessionCommands.EndSessionOfUser(SESSION, "u1", "ENDED_BY_USER"))
                .expectEvents(new SessionEnded(SESSION, "u1", "ENDED_BY_USER"));
        fixture.given(started("first"))
                .when(new SessionCommands.EndSessionOfUser(SESSION, "u2", "ENDED_BY_USER"))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(started("first"), new SessionEnded(SESSION, "u1", "LOGOUT"))
                .when(new SessionCommands.EndSessionOfUser(SESSION, "u1", "ENDED_BY_USER"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void anUnknownTokenIsRefusedWithoutEndingTheSession() {
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("guess"), "x"))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void anEndedOrExpiredSessionRefreshesNothing() {
        fixture.given(started("first"), new SessionEnded(SESSION, "u1", "LOGOUT"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "x"))
                .expectException(RuleViolation.class);
        clock.advance(Duration.ofDays(14));
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "x"))
                .expectException(RuleViolation.class);
    }

    @Test
    void logoutNeedsTheCurrentToken() {
        fixture.given(started("first"))
                .when(new EndSession(SESSION, new Secret("first")))
                .expectEvents(new SessionEnded(SESSION, "u1", "LOGOUT"));
        fixture.given(started("first"))
                .when(new EndSession(SESSION, new Secret("other")))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    private RefreshTokenRotated rotated(String from, String to) {
        return new RefreshTokenRotated(SESSION, "u1", secrets.hash(to), secrets.hash(from), true);
    }

    private SessionStarted started(String refreshToken) {
        return new SessionStarted(SESSION, "u1", "c1", "MAIN", false, secrets.hash(refreshToken),
                NOW.plus(Duration.ofDays(14)), null, null);
    }

    @Test
    void aRevokedAccessSessionEndsAtItsNextRefresh() {
        revokedAccess.add("u1");
        String presented = "refresh-1";
        fixture.given(new SessionStarted(SESSION, "u1", "c1", "MAIN", false, secrets.hash(presented),
                        NOW.plus(Duration.ofDays(14)), null, null))
                .when(new RotateRefreshToken(SESSION, new Secret(presented), "h2"))
                .expectResultMessagePayload(null)
                .expectEvents(new SessionEnded(SESSION, "u1", "USER_DISABLED"));
    }
}
