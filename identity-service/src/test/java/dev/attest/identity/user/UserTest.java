package dev.attest.identity.user;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialCommands.SetPassword;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.credentials.CredentialEvents.PasswordSetupLinkIssued;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorPassed;
import dev.attest.identity.user.UserCommands.ChangePersonalData;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserCommands.DisableUser;
import dev.attest.identity.user.UserCommands.EnableUser;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorOutcome;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.identity.user.UserEvents.LoginFailed;
import dev.attest.identity.user.UserEvents.PersonalDataChanged;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.identity.user.UserEvents.UserDisabled;
import dev.attest.identity.user.UserEvents.UserEnabled;
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

/** The rules of the user itself: creation, a unique address, and the login that spans its parts. */
class UserTest extends UserAggregateTest {

    @Test
    void aNewUserGetsASingleUseSetPasswordLinkEncryptedForTheMailerAndHeldOutsideTheEvents() {
        fixture.givenNoPriorActivity()
                .when(new CreateUser(USER, CLIENT, " Ada@Example.COM", "Ada ", "Lovelace", "de", List.of("g1"), null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e.equals(new UserCreated(USER, CLIENT, "ada@example.com", "Ada", "Lovelace",
                                "de", List.of("g1"), false))),
                        matches(e -> e instanceof PasswordSetupLinkIssued link
                                && link.expiresAt().equals(NOW.plus(Duration.ofHours(72)))
                                && pending.find(link.mailSecretId()).orElseThrow().encrypted().split("\\.").length == 5
                                && !link.tokenHash().isBlank()),
                        andNoMore())));
        assertThat(emails.userIdOf("ADA@example.com")).hasValue(USER);
    }

    @Test
    void anEmailAddressInUseIsRefusedWhateverItsCase() {
        emails.claim("ada@example.com", "someone-else");
        fixture.givenNoPriorActivity()
                .when(new CreateUser(USER, CLIENT, "ADA@example.com", "Ada", "Lovelace", "en", List.of(), null))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("A user with this e-mail address exists already.");
    }

    @Test
    void aWrongPasswordIsRecordedAndRejected() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, new Secret("not it at all"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED)
                .expectEvents(new LoginFailed(USER, CLIENT, "WRONG_PASSWORD"));
    }

    @Test
    void tenFailedPasswordsAndCodesInARowMakeTheNextAttemptWait() {
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(),
                        wrongPassword(), challenge("123456"), wrongCode(4), wrongCode(3), wrongCode(2), wrongCode(1))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c2"))
                .expectResultMessagePayload(LoginStep.throttled(Duration.ofSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void aThrottledCodeIsNotCheckedAndCostsNoAttempt() {
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), challenge("123456"),
                        wrongCode(4))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayload(SecondFactorResult.throttled(Duration.ofSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void theWaitIsOverOnceItHasPassed() {
        clock.advance(Duration.ofSeconds(1));
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword())
                .when(new LogIn(USER, new Secret("still guessing"), USER + ".c2"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED)
                .expectEvents(new LoginFailed(USER, CLIENT, "WRONG_PASSWORD"));
    }

    @Test
    void aPassedSecondFactorEndsTheStreak() {
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), challenge("123456"),
                        new SecondFactorPassed(USER, CLIENT, USER + ".c1", "EMAIL", null, "LOGIN"), wrongPassword())
                .when(new LogIn(USER, new Secret("a guess"), USER + ".c2"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);
    }

    @Test
    void personalDataChangesTrimmedAndNormalisedAndOnlyWhenSomethingChanges() {
        fixture.given(created(), link("t", NOW.plusSeconds(60)))
                .when(new ChangePersonalData(USER, "  Ade\u0300le ", null, "de", 0L))
                .expectResultMessagePayload(2L)
                .expectEvents(new PersonalDataChanged(USER, CLIENT, "Ad\u00e8le", "Lovelace", "de"));
        fixture.given(created())
                .when(new ChangePersonalData(USER, "Ada", "Lovelace", null, null))
                .expectResultMessagePayload(0L)
                .expectNoEvents();
    }

    @Test
    void aChangeToAnOlderVersionOfTheProfileIsRefused() {
        fixture.given(created(), new PersonalDataChanged(USER, CLIENT, "Ada", "King", "en"))
                .when(new ChangePersonalData(USER, "Augusta", null, null, 0L))
                .expectException(problem("precondition-failed"))
                .expectNoEvents();
        fixture.given(created(), new PersonalDataChanged(USER, CLIENT, "Ada", "King", "en"))
                .when(new ChangePersonalData(USER, "Augusta", null, null, 1L))
                .expectEvents(new PersonalDataChanged(USER, CLIENT, "Augusta", "King", "en"));
    }

    @Test
    void aDisabledUserGetsNoCodeEvenWithTheRightPasswordAndNoLoginWithAnOpenOne() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), new UserDisabled(USER, CLIENT))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.DISABLED)
                .expectNoEvents();
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), new UserDisabled(USER, CLIENT))
                .when(new LogIn(USER, new Secret("a wrong guess"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED)
                .expectEvents(new LoginFailed(USER, CLIENT, "WRONG_PASSWORD"));
        fixture.given(created(), challenge("123456"), new UserDisabled(USER, CLIENT))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.DISABLED, null, false, Duration.ZERO, null))
                .expectNoEvents();
    }

    @Test
    void disablingAndEnablingHappenOnceAndNobodyDisablesThemselves() {
        fixture.given(created()).when(new DisableUser(USER, "admin-1")).expectEvents(new UserDisabled(USER, CLIENT));
        fixture.given(created(), new UserDisabled(USER, CLIENT)).when(new DisableUser(USER, "admin-1")).expectNoEvents();
        fixture.given(created(), new UserDisabled(USER, CLIENT)).when(new EnableUser(USER))
                .expectEvents(new UserEnabled(USER, CLIENT));
        fixture.given(created()).when(new EnableUser(USER)).expectNoEvents();
        fixture.given(created()).when(new DisableUser(USER, USER))
                .expectException(problem("cannot-disable-yourself"))
                .expectNoEvents();
    }
}
