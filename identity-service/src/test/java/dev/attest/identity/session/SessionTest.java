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
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

class SessionTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final String SESSION = "s1";

    AggregateTestFixture<Session> fixture;
    OneTimeSecrets secrets;
    MutableClock clock;
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
    void theCurrentRefreshTokenRotates() {
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "next-hash"))
                .expectResultMessagePayload(new SessionFacts("u1", "c1", "MAIN", false))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "next-hash", secrets.hash("first")));
    }

    @Test
    void aRotatedTokenComingBackAfterTheGraceEndsTheSession() {
        clock.advance(Session.REUSE_GRACE);
        fixture.givenCurrentTime(NOW).andGiven(started("first"),
                        new RefreshTokenRotated(SESSION, "u1", secrets.hash("second"), secrets.hash("first")))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectResultMessagePayload(null)
                .expectEvents(new SessionEnded(SESSION, "u1", "REFRESH_TOKEN_REUSED"));
    }

    /** Events stored before a session could hold two live tokens name no replaced token: the one live one was. */
    @Test
    void aRotationStoredWithoutItsReplacedTokenRotatedTheOnlyLiveOne() {
        clock.advance(Duration.ofMinutes(1));
        fixture.givenCurrentTime(NOW).andGiven(started("first"), new RefreshTokenRotated(SESSION, "u1",
                        secrets.hash("second"), null))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectEvents(new SessionEnded(SESSION, "u1", "REFRESH_TOKEN_REUSED"));
    }

    /** Two tabs refresh with the same token at once: both go on, each with a token of its own. */
    @Test
    void aRotatedTokenComingBackWithinTheGraceRotatesToo() {
        clock.advance(Session.REUSE_GRACE.minusSeconds(1));
        fixture.givenCurrentTime(NOW).andGiven(started("first"),
                        new RefreshTokenRotated(SESSION, "u1", secrets.hash("second"), secrets.hash("first")))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectResultMessagePayload(new SessionFacts("u1", "c1", "MAIN", false))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "third-hash", secrets.hash("first")));
        fixture.givenCurrentTime(NOW).andGiven(started("first"),
                        new RefreshTokenRotated(SESSION, "u1", secrets.hash("second"), secrets.hash("first")),
                        new RefreshTokenRotated(SESSION, "u1", secrets.hash("third"), secrets.hash("first")))
                .when(new RotateRefreshToken(SESSION, new Secret("second"), "fourth-hash"))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "fourth-hash", secrets.hash("second")));
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
