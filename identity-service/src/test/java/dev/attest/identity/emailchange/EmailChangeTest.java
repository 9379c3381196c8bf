package dev.attest.identity.emailchange;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialEvents.PasswordResetLinkIssued;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.emailchange.EmailChangeCommands.CancelEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.CodeOutcome;
import dev.attest.identity.emailchange.EmailChangeCommands.ConfirmEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.RequestEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.RevertEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.VerifyEmailChange;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeCancelled;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeCodeRejected;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeConfirmedAtCurrentAddress;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeRequested;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeReverted;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChanged;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.kit.web.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** The rules of a user's own e-mail change: current address first, new address second, a week to undo. */
class EmailChangeTest extends UserAggregateTest {

    static final String NEW = "ada.king@example.com";

    @Test
    void theFirstCodeGoesToTheCurrentAddress() {
        fixture.given(created())
                .when(new RequestEmailChange(USER, " Ada.King@Example.com "))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof EmailChangeRequested requested
                                && requested.currentEmail().equals("ada@example.com") && requested.newEmail().equals(NEW)
                                && requested.expiresAt().equals(NOW.plus(Duration.ofMinutes(10)))),
                        andNoMore())));
    }

    @Test
    void anAddressInUseOrTheCurrentOneIsRefused() {
        emails.claim(NEW, "someone-else");
        fixture.given(created()).when(new RequestEmailChange(USER, NEW))
                .expectException(problem("email-taken")).expectNoEvents();
        fixture.given(created()).when(new RequestEmailChange(USER, "ADA@example.com"))
                .expectException(problem("email-unchanged")).expectNoEvents();
    }

    @Test
    void theOperatorsAddressComesFromTheConfiguration() {
        fixture.given(new dev.attest.identity.user.UserEvents.UserCreated(USER, null, "operator@attest.test", "Platform",
                        "Operator", "en", java.util.List.of(), true))
                .when(new RequestEmailChange(USER, NEW))
                .expectException(problem("operator-email-from-configuration")).expectNoEvents();
    }

    @Test
    void fiveRequestsADayAtMost() {
        fixture.givenCurrentTime(NOW).andGiven(created(), requested("1"), requested("2"), requested("3"),
                        requested("4"), requested("5"))
                .when(new RequestEmailChange(USER, NEW))
                .expectException(problem("email-change-throttled")).expectNoEvents();
    }

    @Test
    void theRightCurrentCodeSendsASecondCodeToTheNewAddress() {
        fixture.given(created(), requested("111111"))
                .when(new ConfirmEmailChange(USER, new Secret("111111")))
                .expectResultMessagePayload(CodeOutcome.ACCEPTED)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof EmailChangeConfirmedAtCurrentAddress confirmed
                                && confirmed.newEmail().equals(NEW)),
                        andNoMore())));
    }

    @Test
    void theFifthWrongCodeEndsTheRequestAndACodeOfTheWrongStepDoesNothing() {
        fixture.given(created(), requested("111111"))
                .when(new VerifyEmailChange(USER, new Secret("111111")))
                .expectException(problem("email-change-expired")).expectNoEvents();
        fixture.given(created(), requested("111111"), rejected(4), rejected(3), rejected(2), rejected(1))
                .when(new ConfirmEmailChange(USER, new Secret("222222")))
                .expectResultMessagePayload(CodeOutcome.WRONG_CODE)
                .expectEvents(rejected(0));
        fixture.given(created(), requested("111111"), rejected(0))
                .when(new ConfirmEmailChange(USER, new Secret("111111")))
                .expectException(problem("email-change-expired"));
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        clock.advance(Duration.ofMinutes(10));
        fixture.given(created(), requested("111111"))
                .when(new ConfirmEmailChange(USER, new Secret("111111")))
                .expectException(problem("email-change-expired"));
    }

    @Test
    void theNewAddressesCodeMakesItTheLoginAndTheOldOneGetsAWeekToUndoIt() {
        emails.claim("ada@example.com", USER);
        fixture.given(created(), requested("111111"), confirmed("222222"))
                .when(new VerifyEmailChange(USER, new Secret("222222")))
                .expectResultMessagePayload(CodeOutcome.ACCEPTED)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof EmailChanged changed && changed.oldEmail().equals("ada@example.com")
                                && changed.newEmail().equals(NEW)
                                && changed.revertExpiresAt().equals(NOW.plus(Duration.ofDays(7)))),
                        andNoMore())));
        assertThat(emails.userIdOf(NEW)).hasValue(USER);
        assertThat(emails.userIdOf("ada@example.com")).as("no longer a login").isEmpty();
        assertThat(emails.isTaken("ada@example.com")).as("but still the user's").isTrue();
    }

    @Test
    void cancellingEndsAnOpenChange() {
        fixture.given(created(), requested("111111")).when(new CancelEmailChange(USER))
                .expectEvents(new EmailChangeCancelled(USER, CLIENT));
        fixture.given(created()).when(new CancelEmailChange(USER)).expectNoEvents();
    }

    @Test
    void theOldAddressUndoesTheChangeRemovesThePasswordAndGetsAResetLink() {
        emails.claim("ada@example.com", USER);
        emails.moveLogin(USER, "ada@example.com", NEW);
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), changed("revert-token"))
                .when(new RevertEmailChange(USER, new Secret("revert-token")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e.equals(new EmailChangeReverted(USER, CLIENT, "ada@example.com", NEW))),
                        matches(e -> e instanceof PasswordResetLinkIssued link && link.email().equals("ada@example.com")),
                        andNoMore())));
        assertThat(emails.userIdOf("ada@example.com")).hasValue(USER);
        assertThat(emails.isTaken(NEW)).as("released").isFalse();
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), changed("revert-token"),
                        new EmailChangeReverted(USER, CLIENT, "ada@example.com", NEW))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);
    }

    @Test
    void aRevertLinkWorksOnceAndForAWeek() {
        fixture.given(created(), changed("revert-token"), new EmailChangeReverted(USER, CLIENT, "ada@example.com", NEW))
                .when(new RevertEmailChange(USER, new Secret("revert-token")))
                .expectException(problem("invalid-revert-link"));
        clock.advance(Duration.ofDays(7));
        fixture.given(created(), changed("revert-token"))
                .when(new RevertEmailChange(USER, new Secret("revert-token")))
                .expectException(problem("invalid-revert-link"));
    }

    private EmailChangeRequested requested(String code) {
        return new EmailChangeRequested(USER, CLIENT, "ada@example.com", NEW, "Ada", "en", secrets.hash(code), "m1",
                NOW.plus(Duration.ofMinutes(10)));
    }

    private EmailChangeConfirmedAtCurrentAddress confirmed(String code) {
        return new EmailChangeConfirmedAtCurrentAddress(USER, CLIENT, NEW, "Ada", "en", secrets.hash(code), "m2",
                NOW.plus(Duration.ofMinutes(10)));
    }

    private EmailChanged changed(String token) {
        return new EmailChanged(USER, CLIENT, "ada@example.com", NEW, "Ada", "en", secrets.hash(token), "m3",
                NOW.plus(Duration.ofDays(7)));
    }

    private static EmailChangeCodeRejected rejected(int attemptsLeft) {
        return new EmailChangeCodeRejected(USER, CLIENT, EmailChange.CONFIRM_CURRENT, attemptsLeft);
    }

}
