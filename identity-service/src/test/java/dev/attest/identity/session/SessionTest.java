package dev.attest.identity.session;

import dev.attest.identity.MutableClock;
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
    final java.util.Set<String> disabledUsers = new java.util.HashSet<>();
    final SessionRules users = (userId, sessionId, startedAt) -> disabledUsers.contains(userId)
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
                .when(new StartSession(SESSION, "u1", "c1", "MAIN", false, "h1"))
                .expectEvents(new SessionStarted(SESSION, "u1", "c1", "MAIN", false, "h1", NOW.plus(Duration.ofDays(14))));
    }

    @Test
    void theCurrentRefreshTokenRotates() {
        fixture.given(started("first"))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "next-hash"))
                .expectResultMessagePayload(new SessionFacts("u1", "c1", "MAIN", false))
                .expectEvents(new RefreshTokenRotated(SESSION, "u1", "next-hash"));
    }

    @Test
    void aRotatedTokenComingBackEndsTheSession() {
        fixture.given(started("first"), new RefreshTokenRotated(SESSION, "u1", secrets.hash("second")))
                .when(new RotateRefreshToken(SESSION, new Secret("first"), "third-hash"))
                .expectResultMessagePayload(null)
                .expectEvents(new SessionEnded(SESSION, "u1", "REFRESH_TOKEN_REUSED"));
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
                NOW.plus(Duration.ofDays(14)));
    }

    @Test
    void aDisabledUsersSessionEndsAtItsNextRefresh() {
        disabledUsers.add("u1");
        String presented = "refresh-1";
        fixture.given(new SessionStarted(SESSION, "u1", "c1", "MAIN", false, secrets.hash(presented),
                        NOW.plus(Duration.ofDays(14))))
                .when(new RotateRefreshToken(SESSION, new Secret(presented), "h2"))
                .expectResultMessagePayload(null)
                .expectEvents(new SessionEnded(SESSION, "u1", "USER_DISABLED"));
    }
}
