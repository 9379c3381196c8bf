package dev.attest.identity.secondfactor;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialCommands.SetPassword;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.credentials.CredentialEvents.PasswordSetupLinkIssued;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorPassed;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorOutcome;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.identity.user.UserEvents.LoginFailed;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.kit.web.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** The rules of the second factor: one code per challenge, ten minutes, five tries, single use. */
class SecondFactorTest extends UserAggregateTest {

    @Test
    void theRightPasswordSendsAnEmailCodeValidForTenMinutes() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.challenged("EMAIL"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorChallengeIssued c && c.challengeId().equals(USER + ".c1")
                                && c.expiresAt().equals(NOW.plus(Duration.ofMinutes(10)))
                                && c.email().equals("ada@example.com")),
                        andNoMore())));
    }

    @Test
    void theRightCodeCompletesTheLoginOnce() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), challenge("123456"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.PASSED, CLIENT, false, Duration.ZERO, null))
                .expectEvents(new SecondFactorPassed(USER, CLIENT, USER + ".c1", "EMAIL", null, "LOGIN"));
        fixture.given(created(), challenge("123456"), new SecondFactorPassed(USER, CLIENT, USER + ".c1", "EMAIL", null, "LOGIN"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.UNKNOWN_OR_EXPIRED, null, false, Duration.ZERO, null))
                .expectNoEvents();
    }

    @Test
    void theFifthWrongCodeKillsTheChallenge() {
        fixture.given(created(), challenge("123456"),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 4),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 3),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 2),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 1))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("000000"), null, USER + ".s1"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.EXHAUSTED, null, false, Duration.ZERO, null))
                .expectEvents(new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 0));
        fixture.given(created(), challenge("123456"), new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 0))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.UNKNOWN_OR_EXPIRED, null, false, Duration.ZERO, null));
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        clock.advance(Duration.ofMinutes(10));
        fixture.given(created(), challenge("123456"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.UNKNOWN_OR_EXPIRED, null, false, Duration.ZERO, null))
                .expectNoEvents();
    }
}
