package dev.attest.identity.secondfactor;

import dev.attest.embedded.testing.IndependentTotp;
import dev.attest.identity.TestKeys;
import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.crypto.SecretBox;
import dev.attest.identity.secondfactor.SecondFactorCommands.CompleteReauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.ConfirmTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.Reauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.RemoveTotp;
import dev.attest.identity.secondfactor.SecondFactorCommands.RenewRecoveryCodes;
import dev.attest.identity.secondfactor.SecondFactorCommands.StartReauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.StartTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.SwitchTwoFactor;
import dev.attest.identity.secondfactor.SecondFactorEvents.ReauthenticationGranted;
import dev.attest.identity.secondfactor.SecondFactorEvents.RecoveryCodeUsed;
import dev.attest.identity.secondfactor.SecondFactorEvents.RecoveryCodesRenewed;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorPassed;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpConfigured;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpRemoved;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpSetupStarted;
import dev.attest.identity.secondfactor.SecondFactorEvents.TwoFactorSwitched;
import dev.attest.identity.user.UserCommands.ConfirmTotpAtLogin;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorOutcome;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.identity.user.UserEvents.LoggedInWithoutSecondFactor;
import dev.attest.identity.user.UserEvents.LoginFailed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/**
 * The rules of switching second factors, of authenticator apps and their recovery codes, of
 * re-authentication and of a client's policy. App codes come from {@link IndependentTotp} on the
 * fixture's clock.
 */
class AuthenticatorAppTest extends UserAggregateTest {

    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final IndependentTotp APP = IndependentTotp.fromBase32(SECRET);
    private static final SecretBox BOX = TestKeys.KEYS.secretBox();
    private static final long STEP = NOW.getEpochSecond() / 30;
    private static final String SESSION = "session-1";
    private static final String TOKEN = "reauth-token";

    private TotpSetupStarted setupStarted(boolean duringLogin) {
        SecretBox.Sealed sealed = BOX.seal(SECRET, USER);
        return new TotpSetupStarted(USER, CLIENT, USER + ".s1", sealed.keyId(), sealed.ciphertext(),
                NOW.plus(Duration.ofMinutes(15)), duringLogin);
    }

    private TotpConfigured configured(String... recoveryCodes) {
        return new TotpConfigured(USER, CLIENT, USER + ".s1", STEP - 10,
                List.of(recoveryCodes).stream().map(secrets::recoveryCodeHash).toList());
    }

    private Object[] withApp(String... recoveryCodes) {
        return new Object[]{created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), setupStarted(false),
                configured(recoveryCodes)};
    }

    private Object[] withAppAndChallenge(String purpose, String... recoveryCodes) {
        Object[] app = withApp(recoveryCodes);
        Object[] all = java.util.Arrays.copyOf(app, app.length + 1);
        all[app.length] = new SecondFactorChallengeIssued(USER, CLIENT, USER + ".c1", "ada@example.com", "en", null, null,
                NOW.plus(Duration.ofMinutes(10)), SecondFactor.TOTP, purpose);
        return all;
    }

    private ReauthenticationGranted granted(String session, Instant expiresAt) {
        return new ReauthenticationGranted(USER, CLIENT, secrets.hash(TOKEN), session, expiresAt);
    }

    private static Reauthentication proof() {
        return new Reauthentication(new Secret(TOKEN), SESSION);
    }

    @Test
    void aLoginWithAnAppSendsNothingAndAsksForTheAppsCode() {
        fixture.given(withApp())
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.challenged(SecondFactor.TOTP))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorChallengeIssued c && c.method().equals("TOTP")
                                && c.codeHash() == null && c.mailSecretId() == null && c.purpose().equals("LOGIN")),
                        andNoMore())));
    }

    @Test
    void theAppsCodePassesOnceAndNotAgain() {
        fixture.given(withAppAndChallenge(SecondFactor.LOGIN))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret(APP.codeOfStep(STEP)), null, USER + ".s2"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.PASSED, CLIENT, false,
                        Duration.ZERO, null))
                .expectEvents(new SecondFactorPassed(USER, CLIENT, USER + ".c1", "TOTP", STEP, "LOGIN"));

        Object[] passed = java.util.Arrays.copyOf(withAppAndChallenge(SecondFactor.LOGIN), 6);
        passed[5] = new SecondFactorPassed(USER, CLIENT, USER + ".c1", "TOTP", STEP, "LOGIN");
        Object[] again = java.util.Arrays.copyOf(passed, 7);
        again[6] = new SecondFactorChallengeIssued(USER, CLIENT, USER + ".c2", "ada@example.com", "en", null, null,
                NOW.plus(Duration.ofMinutes(10)), SecondFactor.TOTP, SecondFactor.LOGIN);
        clock.advance(Duration.ofSeconds(20)); // the same code is still within one step of now
        fixture.given(again)
                .when(new VerifySecondFactor(USER, USER + ".c2", new Secret(APP.codeOfStep(STEP)), null, USER + ".s2"))
                .expectResultMessagePayload(SecondFactorResult.of(SecondFactorOutcome.WRONG_CODE))
                .expectEvents(new SecondFactorCodeRejected(USER, CLIENT, USER + ".c2", 4));
    }

    @Test
    void aRecoveryCodeReplacesTheAppsCodeOnce() {
        fixture.given(withAppAndChallenge(SecondFactor.LOGIN, "abcde-fghij", "kmnpq-rstuv"))
                .when(new VerifySecondFactor(USER, USER + ".c1", null, new Secret("ABCDE FGHIJ"), USER + ".s2"))
                .expectResultMessagePayload(new SecondFactorResult(SecondFactorOutcome.PASSED, CLIENT, false,
                        Duration.ZERO, null))
                .expectEvents(new RecoveryCodeUsed(USER, CLIENT, USER + ".c1", secrets.recoveryCodeHash("abcde-fghij"), 1),
                        new SecondFactorPassed(USER, CLIENT, USER + ".c1", "RECOVERY_CODE", null, "LOGIN"));

        Object[] used = java.util.Arrays.copyOf(withAppAndChallenge(SecondFactor.LOGIN, "abcde-fghij", "kmnpq-rstuv"), 6);
        used[5] = new RecoveryCodeUsed(USER, CLIENT, USER + ".c0", secrets.recoveryCodeHash("abcde-fghij"), 1);
        fixture.given(used)
                .when(new VerifySecondFactor(USER, USER + ".c1", null, new Secret("abcde-fghij"), USER + ".s2"))
                .expectResultMessagePayload(SecondFactorResult.of(SecondFactorOutcome.WRONG_CODE))
                .expectEvents(new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", 4));
    }

    @Test
    void switchedOffNoSecondFactorIsAskedUnlessTheClientRequiresIt() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), new TwoFactorSwitched(USER, CLIENT, false))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.authenticated(CLIENT, false))
                .expectEvents(new LoggedInWithoutSecondFactor(USER, CLIENT));

        clientRequires(true, false);
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), new TwoFactorSwitched(USER, CLIENT, false))
                .when(new LogIn(USER, new Secret(PASSWORD), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.challenged(SecondFactor.EMAIL));
    }

    @Test
    void switchingOffNeedsAReauthenticationOfThisSessionAndIsRefusedWhenTheClientRequiresIt() {
        fixture.given(created())
                .when(new SwitchTwoFactor(USER, false, new Reauthentication(null, SESSION)))
                .expectException(problem("reauthentication-required"));
        fixture.given(created(), granted("another-session", NOW.plusSeconds(60)))
                .when(new SwitchTwoFactor(USER, false, proof()))
                .expectException(problem("reauthentication-required"));
        fixture.given(created(), granted(SESSION, NOW))
                .when(new SwitchTwoFactor(USER, false, proof()))
                .expectException(problem("reauthentication-required"));
        fixture.given(created(), granted(SESSION, NOW.plusSeconds(60)))
                .when(new SwitchTwoFactor(USER, false, proof()))
                .expectResultMessagePayload(new TwoFactorSettings(false, "EMAIL", false, false, 0))
                .expectEvents(new TwoFactorSwitched(USER, CLIENT, false));

        clientRequires(true, false);
        fixture.given(created(), granted(SESSION, NOW.plusSeconds(60)))
                .when(new SwitchTwoFactor(USER, false, proof()))
                .expectException(problem("two-factor-required-by-client"));
    }

    @Test
    void switchingOnNeedsNothingAndHappensOnce() {
        fixture.given(created(), new TwoFactorSwitched(USER, CLIENT, false))
                .when(new SwitchTwoFactor(USER, true, null))
                .expectEvents(new TwoFactorSwitched(USER, CLIENT, true));
        fixture.given(created())
                .when(new SwitchTwoFactor(USER, true, null))
                .expectNoEvents();
    }

    @Test
    void aSetUpStartsOnlyReauthenticatedAndChangesNothingUntilTheAppsCode() {
        fixture.given(created())
                .when(new StartTotpSetup(USER, USER + ".s1", proof()))
                .expectException(problem("reauthentication-required"));
        fixture.given(created(), granted(SESSION, NOW.plusSeconds(60)))
                .when(new StartTotpSetup(USER, USER + ".s1", proof()))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof TotpSetupStarted s && !s.duringLogin()
                                && s.expiresAt().equals(NOW.plus(Duration.ofMinutes(15)))
                                && s.keyId().equals(BOX.currentKeyId())),
                        andNoMore())))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof SecondFactor.StartedSetup s
                        && s.secret().matches("[A-Z2-7]{32}") && s.otpauthUri().contains("secret=" + s.secret())));
    }

    @Test
    void theAppsFirstCodeMakesItTheMethodWithTenRecoveryCodes() {
        fixture.given(created(), setupStarted(false))
                .when(new ConfirmTotpSetup(USER, USER + ".s1", new Secret(APP.codeAt(NOW))))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof TotpConfigured c && c.acceptedStep() == STEP
                                && c.recoveryCodeHashes().size() == 10),
                        andNoMore())))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof dev.attest.identity.crypto.OneTimeSecrets.RecoveryCodes c
                        && c.codes().size() == 10 && c.codes().stream().allMatch(code -> code.matches("[a-z2-9]{5}-[a-z2-9]{5}"))));
        fixture.given(created(), setupStarted(false))
                .when(new ConfirmTotpSetup(USER, USER + ".s1", new Secret(APP.codeOfStep(STEP + 3))))
                .expectException(problem("wrong-setup-code"));
        clock.advance(Duration.ofMinutes(15));
        fixture.given(created(), setupStarted(false))
                .when(new ConfirmTotpSetup(USER, USER + ".s1", new Secret(APP.codeAt(clock.instant()))))
                .expectException(problem("totp-setup-expired"));
    }

    @Test
    void aClientThatRequiresAnAppHasItSetUpBeforeTheTokens() {
        clientRequires(true, true);
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH), challenge("123456"))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret("123456"), null, USER + ".s1"))
                .expectResultMessagePayloadMatching(matches(r -> r instanceof SecondFactorResult result
                        && result.outcome() == SecondFactorOutcome.SETUP_REQUIRED
                        && result.setup().setupId().equals(USER + ".s1")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorPassed),
                        matches(e -> e instanceof TotpSetupStarted s && s.duringLogin()),
                        andNoMore())));
        fixture.given(created(), setupStarted(true))
                .when(new ConfirmTotpAtLogin(USER, USER + ".s1", new Secret(APP.codeAt(NOW))))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(e -> e instanceof TotpConfigured),
                        andNoMore())));
        // A set-up opened by a login is not one the profile page can finish, and the other way round.
        fixture.given(created(), setupStarted(false))
                .when(new ConfirmTotpAtLogin(USER, USER + ".s1", new Secret(APP.codeAt(NOW))))
                .expectException(problem("totp-setup-expired"));
        fixture.given(created(), setupStarted(true))
                .when(new ConfirmTotpSetup(USER, USER + ".s1", new Secret(APP.codeAt(NOW))))
                .expectException(problem("totp-setup-expired"));
    }

    @Test
    void removingTheAppOrRenewingCodesNeedsAReauthenticationAndAnApp() {
        fixture.given(withApp("abcde-fghij"))
                .when(new RemoveTotp(USER, new Reauthentication(new Secret("guess"), SESSION)))
                .expectException(problem("reauthentication-required"));
        Object[] app = java.util.Arrays.copyOf(withApp("abcde-fghij"), 5);
        app[4] = granted(SESSION, NOW.plusSeconds(60));
        fixture.given(app)
                .when(new RemoveTotp(USER, proof()))
                .expectResultMessagePayload(new TwoFactorSettings(true, "EMAIL", false, false, 0))
                .expectEvents(new TotpRemoved(USER, CLIENT));
        fixture.given(app)
                .when(new RenewRecoveryCodes(USER, proof()))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof RecoveryCodesRenewed r && r.recoveryCodeHashes().size() == 10
                                && !r.recoveryCodeHashes().contains(secrets.recoveryCodeHash("abcde-fghij"))),
                        andNoMore())));
        fixture.given(created(), granted(SESSION, NOW.plusSeconds(60)))
                .when(new RenewRecoveryCodes(USER, proof()))
                .expectException(problem("no-authenticator-app"));

        clientRequires(true, true);
        fixture.given(app)
                .when(new RemoveTotp(USER, proof()))
                .expectException(problem("authenticator-app-required-by-client"));
    }

    @Test
    void aReauthenticationIsThePasswordThenAFreshCodeAndGrantsThisSessionFiveMinutes() {
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new StartReauthentication(USER, new Secret("wrong password"), USER + ".r1"))
                .expectEvents(new LoginFailed(USER, CLIENT, "WRONG_PASSWORD"));
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new StartReauthentication(USER, new Secret(PASSWORD), USER + ".r1"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorChallengeIssued c && c.purpose().equals("REAUTHENTICATION")
                                && c.method().equals("EMAIL") && c.mailSecretId() != null),
                        andNoMore())));

        SecondFactorChallengeIssued reauthentication = new SecondFactorChallengeIssued(USER, CLIENT, USER + ".r1",
                "ada@example.com", "en", secrets.hash("654321"), "mail-secret-3", NOW.plus(Duration.ofMinutes(10)),
                SecondFactor.EMAIL, SecondFactor.REAUTHENTICATION);
        // The challenge of a re-authentication does not log anyone in.
        fixture.given(created(), reauthentication)
                .when(new VerifySecondFactor(USER, USER + ".r1", new Secret("654321"), null, USER + ".s1"))
                .expectResultMessagePayload(SecondFactorResult.of(SecondFactorOutcome.UNKNOWN_OR_EXPIRED))
                .expectNoEvents();
        fixture.given(created(), reauthentication)
                .when(new CompleteReauthentication(USER, USER + ".r1", new Secret("654321"), null, SESSION))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorPassed p && p.purpose().equals("REAUTHENTICATION")),
                        matches(e -> e instanceof ReauthenticationGranted g && g.sessionId().equals(SESSION)
                                && g.expiresAt().equals(NOW.plus(Duration.ofMinutes(5)))),
                        andNoMore())));
        // ...and a login's challenge does not re-authenticate.
        fixture.given(created(), challenge("123456"))
                .when(new CompleteReauthentication(USER, USER + ".c1", new Secret("123456"), null, SESSION))
                .expectNoEvents();
    }

    @Test
    void aSecretUnderARetiredKeyIsSealedAgainUnderTheCurrentOneOnUse() {
        SecretBox older = SecretBox.parse("retired:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        SecretBox.Sealed sealed = older.seal(SECRET, USER);
        assertThat(sealed.keyId()).isNotEqualTo(BOX.currentKeyId());
        // The fixture's box knows only the current key; the rotated box knows both.
        SecretBox rotated = SecretBox.parse(TestKeys.SEALING_KEYS + ",retired:"
                + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        fixture = new org.axonframework.test.aggregate.AggregateTestFixture<>(dev.attest.identity.user.User.class);
        registerResources(rotated);
        fixture.given(created(), new TotpSetupStarted(USER, CLIENT, USER + ".s1", sealed.keyId(), sealed.ciphertext(),
                                NOW.plus(Duration.ofMinutes(15)), false), configured(),
                        new SecondFactorChallengeIssued(USER, CLIENT, USER + ".c1", "ada@example.com", "en", null, null,
                                NOW.plus(Duration.ofMinutes(10)), SecondFactor.TOTP, SecondFactor.LOGIN))
                .when(new VerifySecondFactor(USER, USER + ".c1", new Secret(APP.codeAt(NOW)), null, USER + ".s2"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof SecondFactorPassed),
                        matches(e -> e instanceof SecondFactorEvents.TotpSecretResealed r
                                && r.keyId().equals(BOX.currentKeyId())
                                && rotated.open(new SecretBox.Sealed(r.keyId(), r.encryptedSecret()), USER).equals(SECRET)),
                        andNoMore())));
    }
}
