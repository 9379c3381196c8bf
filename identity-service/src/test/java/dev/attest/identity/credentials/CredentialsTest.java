package dev.attest.identity.credentials;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialCommands.ChangePassword;
import dev.attest.identity.credentials.CredentialCommands.RequestPasswordReset;
import dev.attest.identity.credentials.CredentialCommands.SetPassword;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInLinked;
import dev.attest.identity.credentials.CredentialEvents.PasswordChanged;
import dev.attest.identity.credentials.CredentialEvents.PasswordResetLinkIssued;
import dev.attest.identity.credentials.CredentialEvents.SignInWithProviderReminded;
import dev.attest.identity.user.UserEvents;
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

/** The rules of a user's credentials: the set-password link, the policy, no password no login. */
class CredentialsTest extends UserAggregateTest {

    @Test
    void theSetPasswordLinkSetsAnArgon2idPasswordOnce() {
        String token = "setup-token";
        fixture.given(created(), link(token, NOW.plus(Duration.ofHours(1))))
                .when(new SetPassword(USER, new Secret(token), new Secret(PASSWORD)))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof PasswordSet set && set.passwordHash().startsWith("$argon2id$")
                                && HASHER.matches(new Secret(PASSWORD), set.passwordHash())),
                        andNoMore())));
        fixture.given(created(), link(token, NOW.plus(Duration.ofHours(1))), new PasswordSet(USER, CLIENT, "x"))
                .when(new SetPassword(USER, new Secret(token), new Secret(PASSWORD)))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void anExpiredOrWrongLinkSetsNoPassword() {
        fixture.given(created(), link("setup-token", NOW.minusSeconds(1)))
                .when(new SetPassword(USER, new Secret("setup-token"), new Secret(PASSWORD)))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(created(), link("setup-token", NOW.plusSeconds(60)))
                .when(new SetPassword(USER, new Secret("other-token"), new Secret(PASSWORD)))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void aCommonOrShortPasswordIsRefused() {
        for (String weak : List.of("password1", "short", "x".repeat(129))) {
            fixture.given(created(), link("t", NOW.plusSeconds(60)))
                    .when(new SetPassword(USER, new Secret("t"), new Secret(weak)))
                    .expectException(RuleViolation.class).expectNoEvents();
        }
    }

    @Test
    void aUserWithoutPasswordCannotLogIn() {
        fixture.given(created())
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);
    }

    @Test
    void theRightCurrentPasswordChangesItAndKeepsOnlyTheChangersSession() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new ChangePassword(USER, new Secret(PASSWORD), new Secret("a brand new passphrase"), "s1"))
                .expectResultMessagePayload(true)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof PasswordChanged changed && changed.reason().equals("CHANGED")
                                && "s1".equals(changed.keptSessionId())
                                && HASHER.matches(new Secret("a brand new passphrase"), changed.passwordHash())),
                        andNoMore())));
    }

    @Test
    void aWrongCurrentPasswordChangesNothingAndCountsAsAFailedLogin() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new ChangePassword(USER, new Secret("a guess"), new Secret("a brand new passphrase"), "s1"))
                .expectResultMessagePayload(false)
                .expectEvents(new LoginFailed(USER, CLIENT, "WRONG_PASSWORD"));
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new ChangePassword(USER, new Secret(PASSWORD), new Secret("password1"), "s1"))
                .expectException(RuleViolation.class).expectNoEvents();
    }

    @Test
    void aResetLinkGoesOutAtMostOnceAMinuteAndSetsANewPasswordEndingEverySession() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new RequestPasswordReset(USER))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof PasswordResetLinkIssued link
                                && link.expiresAt().equals(NOW.plus(Duration.ofHours(1)))),
                        andNoMore())));
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        resetLink("reset-token"))
                .when(new RequestPasswordReset(USER))
                .expectNoEvents();
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        resetLink("reset-token"))
                .when(new SetPassword(USER, new Secret("reset-token"), new Secret("a brand new passphrase")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof PasswordChanged changed && changed.reason().equals("RESET")
                                && changed.keptSessionId() == null),
                        andNoMore())));
    }

    @Test
    void aDisabledUserGetsNoResetLink() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), new UserEvents.UserDisabled(USER, CLIENT))
                .when(new RequestPasswordReset(USER))
                .expectNoEvents();
    }

    @Test
    void aUserWhoSignsInExternallyHasNoPasswordToSetChangeOrReset() {
        fixture.given(created(), link("t", NOW.plusSeconds(60)), new ExternalSignInLinked(USER, CLIENT, "google", null, null, null))
                .when(new SetPassword(USER, new Secret("t"), new Secret(PASSWORD)))
                .expectException(problem("external-sign-in"))
                .expectNoEvents();
        fixture.given(created(), new ExternalSignInLinked(USER, CLIENT, "google", null, null, null))
                .when(new ChangePassword(USER, new Secret(PASSWORD), new Secret("a brand new passphrase"), "s1"))
                .expectException(RuleViolation.class).expectNoEvents();
        fixture.given(created(), new ExternalSignInLinked(USER, CLIENT, "google", null, null, null))
                .when(new RequestPasswordReset(USER))
                .expectEvents(new SignInWithProviderReminded(USER, CLIENT, "ada@example.com", "Ada", "en", "google"));
        fixture.given(created(), new ExternalSignInLinked(USER, CLIENT, "google", null, null, null))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);
    }

    private PasswordResetLinkIssued resetLink(String token) {
        return new PasswordResetLinkIssued(USER, CLIENT, "ada@example.com", "Ada", "en", secrets.hash(token),
                "mail-secret-3", NOW.plus(Duration.ofHours(1)));
    }
}
