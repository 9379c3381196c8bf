package dev.attest.identity.user;

import dev.attest.identity.MutableClock;
import dev.attest.identity.TestKeys;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.password.PasswordHasher;
import dev.attest.identity.password.PasswordPolicy;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorOutcome;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.SetPassword;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.identity.user.UserEvents.LoginFailed;
import dev.attest.identity.user.UserEvents.PasswordSet;
import dev.attest.identity.user.UserEvents.PasswordSetupLinkIssued;
import dev.attest.identity.user.UserEvents.SecondFactorChallengeIssued;
import dev.attest.identity.user.UserEvents.SecondFactorCodeRejected;
import dev.attest.identity.user.UserEvents.SecondFactorPassed;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

class UserTest {

    static final PasswordHasher HASHER = new PasswordHasher();
    static final PasswordPolicy POLICY = new PasswordPolicy();
    static final String USER = "7b0b8c3e-1a3d-4bb2-8d43-2d6c5f3f0a11";
    static final String CLIENT = "client-1";
    static final String PASSWORD = "a long and unusual passphrase";
    static final String PASSWORD_HASH = HASHER.hash(new Secret(PASSWORD));
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    AggregateTestFixture<User> fixture;
    OneTimeSecrets secrets;
    EmailRegistry emails;
    PendingSecrets pending;
    MutableClock clock;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        secrets = TestKeys.secrets();
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "");
        emails = new EmailRegistry(new JdbcTemplate(database));
        clock = new MutableClock(NOW);
        pending = new PendingSecrets(new JdbcTemplate(database), clock);
        fixture.registerInjectableResource(secrets);
        fixture.registerInjectableResource(pending);
        fixture.registerInjectableResource(emails);
        fixture.registerInjectableResource(HASHER);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(clock);
    }

    @Test
    void aNewUserGetsASingleUseSetPasswordLinkEncryptedForTheMailerAndHeldOutsideTheEvents() {
        fixture.givenNoPriorActivity()
                .when(new CreateUser(USER, CLIENT, " Ada@Example.COM", "Ada ", "Lovelace", "de", List.of("g1")))
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
                .when(new CreateUser(USER, CLIENT, "ADA@example.com", "Ada", "Lovelace", "en", List.of()))
                .expectException(RuleViolation.class)
                .expectExceptionMessage("A user with this e-mail address exists already.");
    }

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
    void aWrongPasswordIsRecordedAndRejected() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, new Secret("not it at all"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED)
                .expectEvents(new LoginFailed(USER, CLIENT, "WRONG_PASSWORD"));
    }

    @Test
    void aUserWithoutPasswordCannotLogIn() {
        fixture.given(created())
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);
    }

    @Test
    void theRightPasswordSendsAnEmailCodeValidForTenMinutes() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.SECOND_FACTOR_REQUIRED)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorChallengeIssued c && c.challengeId().equals(USER + ".c1")
                                && c.expiresAt().equals(NOW.plus(Duration.ofMinutes(10)))
                                && c.email().equals("ada@example.com")),
                        andNoMore())));
    }

    @Test
    void theRightCodeCompletesTheLoginOnce() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), challenge("123456"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456")))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.PASSED, CLIENT, false, Duration.ZERO))
                .expectEvents(new SecondFactorPassed(USER, CLIENT, USER + ".c1", "EMAIL"));
        fixture.given(created(), challenge("123456"), new SecondFactorPassed(USER, CLIENT, USER + ".c1", "EMAIL"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456")))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.UNKNOWN_OR_EXPIRED, null, false, Duration.ZERO))
                .expectNoEvents();
    }

    @Test
    void theFifthWrongCodeKillsTheChallenge() {
        fixture.given(created(), challenge("123456"),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 4),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 3),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 2),
                        new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 1))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("000000")))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.EXHAUSTED, null, false, Duration.ZERO))
                .expectEvents(new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 0));
        fixture.given(created(), challenge("123456"), new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 0))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456")))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.UNKNOWN_OR_EXPIRED, null, false, Duration.ZERO));
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
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456")))
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
                        new SecondFactorPassed(USER, CLIENT, USER + ".c1", "EMAIL"), wrongPassword())
                .when(new LogIn(USER, new Secret("a guess"), USER + ".c2"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);
    }

    @Test
    void aCodeExpiresAfterTenMinutes() {
        clock.advance(Duration.ofMinutes(10));
        fixture.given(created(), challenge("123456"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456")))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.UNKNOWN_OR_EXPIRED, null, false, Duration.ZERO))
                .expectNoEvents();
    }

    private static LoginFailed wrongPassword() {
        return new LoginFailed(USER, CLIENT, "WRONG_PASSWORD");
    }

    private static SecondFactorCodeRejected wrongCode(int attemptsLeft) {
        return new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", attemptsLeft);
    }

    private static UserCreated created() {
        return new UserCreated(USER, CLIENT, "ada@example.com", "Ada", "Lovelace", "en", List.of(), false);
    }

    private PasswordSetupLinkIssued link(String token, Instant expiresAt) {
        return new PasswordSetupLinkIssued(USER, CLIENT, "ada@example.com", "Ada", "en", secrets.hash(token), "mail-secret-1",
                expiresAt);
    }

    private SecondFactorChallengeIssued challenge(String code) {
        return new SecondFactorChallengeIssued(USER, CLIENT, USER + ".c1", "ada@example.com", "en", secrets.hash(code),
                "mail-secret-2", NOW.plus(Duration.ofMinutes(10)));
    }
}
