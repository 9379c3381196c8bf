package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialCommands.ChangePassword;
import dev.attest.identity.credentials.CredentialCommands.RequestPasswordReset;
import dev.attest.identity.credentials.CredentialEvents.PasswordSetupLinkIssued;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInLinked;
import dev.attest.identity.credentials.CredentialEvents.LoggedInExternally;
import dev.attest.identity.credentials.Credentials;
import dev.attest.identity.credentials.ExternalIdentities;
import dev.attest.identity.credentials.PasswordHasher;
import dev.attest.identity.credentials.PasswordPolicy;
import dev.attest.identity.credentials.PasswordPrechecks;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.emailchange.EmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.CancelEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.CodeOutcome;
import dev.attest.identity.emailchange.EmailChangeCommands.ConfirmEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.RequestEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.RevertEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.VerifyEmailChange;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeReverted;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChanged;
import dev.attest.identity.clientpolicy.ClientPolicies;
import dev.attest.identity.clientpolicy.TwoFactorPolicy;
import dev.attest.identity.crypto.SecretBox;
import dev.attest.identity.secondfactor.SecondFactor;
import dev.attest.identity.secondfactor.SecondFactorCommands.CompleteReauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.ConfirmTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.Reauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.ReauthenticationOutcome;
import dev.attest.identity.secondfactor.SecondFactorCommands.ReauthenticationResult;
import dev.attest.identity.secondfactor.SecondFactorCommands.ReauthenticationStep;
import dev.attest.identity.secondfactor.SecondFactorCommands.RemoveTotp;
import dev.attest.identity.secondfactor.SecondFactorCommands.RenewRecoveryCodes;
import dev.attest.identity.secondfactor.SecondFactorCommands.ShowTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.StartReauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.StartTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.SwitchTwoFactor;
import dev.attest.identity.secondfactor.Totp;
import dev.attest.identity.secondfactor.TwoFactorSettings;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorPassed;
import dev.attest.identity.user.UserCommands.ChangePersonalData;
import dev.attest.identity.user.UserCommands.CreateOperator;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserCommands.DisableUser;
import dev.attest.identity.user.UserCommands.EnableUser;
import dev.attest.identity.user.UserCommands.ConfirmTotpAtLogin;
import dev.attest.identity.user.UserCommands.ExchangeExternalSignInCode;
import dev.attest.identity.user.UserCommands.SignInExternally;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginSetupCompleted;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorOutcome;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.identity.user.UserEvents.LoggedInWithoutSecondFactor;
import dev.attest.identity.user.UserEvents.LoginFailed;
import dev.attest.identity.user.UserEvents.PersonalDataChanged;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.identity.user.UserEvents.UserDisabled;
import dev.attest.identity.user.UserEvents.UserEnabled;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import dev.attest.identity.apiaccess.ApiAccess;
import dev.attest.identity.apiaccess.ApiAccessCommands.CreateApiKey;
import dev.attest.identity.apiaccess.ApiAccessCommands.IssueApiToken;
import dev.attest.identity.apiaccess.ApiAccessCommands.RevokeApiKey;
import dev.attest.identity.apiaccess.ApiAccessCommands.SetApiAccess;
import dev.attest.identity.apiaccess.ApiKeys;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A person who can log in: who they are (e-mail, names, locale, main client) and the login that spans
 * their {@link Credentials} and {@link SecondFactor}, which are parts of this aggregate with their own
 * rules and events. One stream per user keeps rules across the parts one invariant. Revision 2: the
 * parts became members; revision 3: the second factor grew methods and recovery codes (an older snapshot
 * is ignored and the events replayed).
 */
@Aggregate(snapshotTriggerDefinition = "snapshotEvery50Events")
@Revision("4")
public class User {

    @AggregateIdentifier
    private String userId;
    private String mainClientId;
    private String email;
    private String firstName;
    private String lastName;
    private String locale;
    private boolean operator;
    private boolean disabled;
    /** The sequence number of the last event that changed the profile: the profile's version (ETag). */
    private long profileVersion;
    private FailureStreak failures = FailureStreak.NONE;
    @AggregateMember
    private Credentials credentials;
    @AggregateMember
    private SecondFactor secondFactor;
    @AggregateMember
    private EmailChange emailChange;
    @AggregateMember
    private ApiAccess apiAccess;

    protected User() {
        // for Axon
    }

    @CommandHandler
    public User(CreateUser command, EmailRegistry emails, OneTimeSecrets secrets, PendingSecrets pending,
                Clock clock) {
        emails.claim(command.email(), command.userId());
        UserCreated created = new UserCreated(command.userId(), command.mainClientId(),
                EmailRegistry.normalize(command.email()), Names.normalize(command.firstName()),
                Names.normalize(command.lastName()),
                command.locale(), List.copyOf(command.groupIds()), false);
        apply(created);
        if (command.externalProvider() != null) {
            apply(new ExternalSignInLinked(created.userId(), created.mainClientId(), command.externalProvider(),
                    created.email(), created.firstName(), created.locale()));
            return;
        }
        PasswordSetupLinkIssued link = Credentials.setupLink(created.userId(), created.mainClientId(),
                created.email(), created.firstName(), created.locale(), secrets, pending, clock);
        apply(link);
    }

    @CommandHandler
    public User(CreateOperator command, EmailRegistry emails, PasswordPolicy policy, PasswordHasher hasher) {
        policy.check(command.password());
        emails.claim(command.email(), command.userId());
        apply(new UserCreated(command.userId(), null, EmailRegistry.normalize(command.email()), "Platform",
                "Operator", "en", List.of(), true));
        apply(Credentials.initialPassword(command.userId(), command.password(), policy, hasher));
    }

    /** Answers with the profile's version after the change. */
    @CommandHandler
    public long handle(ChangePersonalData command) {
        if (command.expectedVersion() != null && command.expectedVersion() != profileVersion) {
            throw new RuleViolation(RuleViolation.Kind.PRECONDITION_FAILED, "precondition-failed",
                    "The profile changed since it was read (version " + profileVersion + "); read it again.");
        }
        String newFirstName = command.firstName() == null ? firstName : Names.normalize(command.firstName());
        String newLastName = command.lastName() == null ? lastName : Names.normalize(command.lastName());
        String newLocale = command.locale() == null ? locale : command.locale();
        if (newFirstName.equals(firstName) && newLastName.equals(lastName) && newLocale.equals(locale)) {
            return profileVersion; // nothing changes, so nothing happened
        }
        apply(new PersonalDataChanged(userId, mainClientId, newFirstName, newLastName, newLocale));
        return profileVersion;
    }

    @CommandHandler
    public void handle(DisableUser command) {
        if (userId.equals(command.by())) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "cannot-disable-yourself",
                    "You cannot disable your own account; ask another administrator.");
        }
        if (!disabled) {
            apply(new UserDisabled(userId, mainClientId));
        }
    }

    @CommandHandler
    public void handle(EnableUser command) {
        if (disabled) {
            apply(new UserEnabled(userId, mainClientId));
        }
    }

    /** Answers whether the current password was right (a wrong one must be stored, so it is not thrown). */
    @CommandHandler
    public boolean handle(ChangePassword command, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
        if (!currentPasswordProven(command.currentPassword(), hasher, clock)) {
            return false;
        }
        credentials.change(command.newPassword(), command.sessionId(), policy, hasher);
        return true;
    }

    @CommandHandler
    public void handle(RequestPasswordReset command, OneTimeSecrets secrets, PendingSecrets pending, Clock clock) {
        if (!disabled) {
            credentials.issueResetLink(email, firstName, locale, secrets, pending, clock);
        }
    }

    @CommandHandler
    public void handle(RequestEmailChange command, EmailRegistry emails, OneTimeSecrets secrets, PendingSecrets pending,
                       Clock clock) {
        if (operator) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "operator-email-from-configuration",
                    "The operator's address is configured (ATTEST_OPERATOR_EMAIL); change it there.");
        }
        String newEmail = EmailRegistry.normalize(command.newEmail());
        if (!newEmail.equals(email) && emails.isTaken(newEmail)) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, EmailRegistry.TAKEN,
                    "A user with this e-mail address exists already.");
        }
        emailChange.request(email, newEmail, firstName, locale, secrets, pending, clock);
    }

    @CommandHandler
    public CodeOutcome handle(ConfirmEmailChange command, OneTimeSecrets secrets, PendingSecrets pending, Clock clock) {
        return emailChange.confirmAtCurrentAddress(command.code(), firstName, locale, secrets, pending, clock);
    }

    /** The new address is claimed in the same transaction as the event: no two users can end up with it. */
    @CommandHandler
    public CodeOutcome handle(VerifyEmailChange command, EmailRegistry emails, OneTimeSecrets secrets,
                              PendingSecrets pending, Clock clock) {
        CodeOutcome outcome = emailChange.verifyNewAddress(command.code(), secrets, clock);
        if (outcome == CodeOutcome.ACCEPTED) {
            emails.moveLogin(userId, email, emailChange.newEmail());
            emailChange.complete(email, firstName, locale, secrets, pending, clock);
        }
        return outcome;
    }

    @CommandHandler
    public void handle(CancelEmailChange command) {
        emailChange.cancel();
    }

    /** "This was not me": the old address back, every session ended, a new password to be set by mail. */
    @CommandHandler
    public void handle(RevertEmailChange command, EmailRegistry emails, OneTimeSecrets secrets, PendingSecrets pending,
                       Clock clock) {
        EmailChange.Revert revert = emailChange.revertible(command.token(), secrets, clock);
        emails.undoMove(userId, revert.restoredEmail(), revert.abandonedEmail());
        apply(new EmailChangeReverted(userId, mainClientId, revert.restoredEmail(), revert.abandonedEmail()));
        credentials.issueResetLink(email, firstName, locale, secrets, pending, clock);
    }

    /**
     * The password step: throttled after a streak of failures, then the password, then a challenge of the
     * user's method, unless no second factor applies (switched off and not required by the client). The
     * hash and the throttle it leaves are shared with {@link PasswordPrechecks}, so that the next login of
     * this user can check its password before it waits for this aggregate.
     */
    @CommandHandler
    public LoginStep handle(LogIn command, PasswordHasher hasher, PasswordPrechecks prechecks, OneTimeSecrets secrets,
                            PendingSecrets pending, ClientPolicies policies, Clock clock) {
        LoginStep step = passwordStep(command, hasher, secrets, pending, policies, clock);
        Instant now = clock.instant();
        credentials.shareWith(prechecks, now.plus(failures.waitAt(now)));
        return step;
    }

    private LoginStep passwordStep(LogIn command, PasswordHasher hasher, OneTimeSecrets secrets,
                                   PendingSecrets pending, ClientPolicies policies, Clock clock) {
        Duration wait = failures.waitAt(clock.instant());
        if (!wait.isZero()) {
            return LoginStep.throttled(wait);
        }
        if (!credentials.passwordMatches(command.password(), command.precheck(), hasher)) {
            apply(new LoginFailed(userId, mainClientId, "WRONG_PASSWORD"));
            return LoginStep.PASSWORD_REJECTED;
        }
        if (disabled) {
            return LoginStep.DISABLED; // said only to whoever knows the password
        }
        if (!secondFactor.enabled(policies.of(mainClientId))) {
            apply(new LoggedInWithoutSecondFactor(userId, mainClientId));
            return LoginStep.authenticated(mainClientId, operator);
        }
        return LoginStep.challenged(secondFactor.challenge(command.challengeId(), SecondFactor.LOGIN, email, locale,
                secrets, pending, clock).method());
    }

    /**
     * The second step, throttled by the same streak: wrong passwords and wrong codes count together. A
     * client that requires an app the user lacks gets its set-up opened here, and tokens only after it.
     */
    @CommandHandler
    public SecondFactorResult handle(VerifySecondFactor command, OneTimeSecrets secrets, Totp totp, SecretBox box,
                                     ClientPolicies policies, Clock clock) {
        Duration wait = failures.waitAt(clock.instant());
        if (!wait.isZero()) {
            return SecondFactorResult.throttled(wait);
        }
        if (disabled) {
            return SecondFactorResult.of(SecondFactorOutcome.DISABLED);
        }
        SecondFactor.Outcome outcome = secondFactor.answer(command.challengeId(),
                secondFactor.loginPurposeOf(command.challengeId()), command.code(), command.recoveryCode(), secrets, totp,
                box, clock);
        if (outcome != SecondFactor.Outcome.PASSED) {
            return SecondFactorResult.of(SecondFactorOutcome.valueOf(outcome.name()));
        }
        if (secondFactor.lacksRequiredMethod(policies.of(mainClientId))) {
            return new SecondFactorResult(SecondFactorOutcome.SETUP_REQUIRED, mainClientId, operator, Duration.ZERO,
                    secondFactor.startTotpSetup(command.setupId(), true, email, totp, box, clock));
        }
        return new SecondFactorResult(SecondFactorOutcome.PASSED, mainClientId, operator, Duration.ZERO, null);
    }

    @CommandHandler
    public LoginSetupCompleted handle(ConfirmTotpAtLogin command, OneTimeSecrets secrets, Totp totp, SecretBox box,
                                      Clock clock) {
        if (disabled) {
            throw disabledRefusal();
        }
        return new LoginSetupCompleted(secondFactor.confirmTotp(command.setupId(), true, command.code(), totp, box,
                secrets, clock), mainClientId, operator);
    }

    /**
     * The provider vouched for the user (the rules are the credentials'); a disabled user, or one whose
     * client does not allow the provider, is refused. Answers the one-time code's secret.
     */
    @CommandHandler
    public Secret handle(SignInExternally command, ExternalIdentities identities, OneTimeSecrets secrets,
                         ClientPolicies policies, Clock clock) {
        credentials.requireExternalSignInWith(command.provider()); // first: tells nothing of other accounts
        if (disabled) {
            throw disabledRefusal();
        }
        if (!policies.allowsProvider(mainClientId, command.provider())) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "provider-not-allowed",
                    "Your client does not let its users sign in with this provider.");
        }
        return credentials.acceptExternalSignIn(command.provider(), command.issuer(), command.subject(),
                command.foundByEmail(), command.mfaAsserted(), identities, secrets, clock);
    }

    /** Tokens for the one-time code, unless the client requires a second factor the provider did not assert. */
    @CommandHandler
    public LoginStep handle(ExchangeExternalSignInCode command, OneTimeSecrets secrets, PendingSecrets pending,
                            ClientPolicies policies, Clock clock) {
        if (disabled) {
            throw Credentials.invalidExternalSignInCode(); // said only to whoever holds a fresh code
        }
        boolean mfaAsserted = credentials.useExternalSignInCode(command.code(), secrets, clock);
        if (policies.of(mainClientId).requireTwoFactor() && !mfaAsserted) {
            return LoginStep.challenged(secondFactor.challenge(command.challengeId(), SecondFactor.EXTERNAL_LOGIN,
                    email, locale, secrets, pending, clock).method());
        }
        apply(new LoggedInExternally(userId, mainClientId, credentials.externalProvider(), mfaAsserted));
        return LoginStep.authenticated(mainClientId, operator);
    }

    /** Like a login's password step (throttled, failures recorded), then a challenge of the user's method. */
    @CommandHandler
    public ReauthenticationStep handle(StartReauthentication command, PasswordHasher hasher, OneTimeSecrets secrets,
                                       PendingSecrets pending, Clock clock) {
        if (!currentPasswordProven(command.password(), hasher, clock)) {
            return new ReauthenticationStep(ReauthenticationOutcome.WRONG_PASSWORD, null, null);
        }
        SecondFactor.Challenge challenge = secondFactor.challenge(command.challengeId(), SecondFactor.REAUTHENTICATION,
                email, locale, secrets, pending, clock);
        return new ReauthenticationStep(ReauthenticationOutcome.CHALLENGED, challenge.method(), challenge.expiresAt());
    }

    @CommandHandler
    public ReauthenticationResult handle(CompleteReauthentication command, OneTimeSecrets secrets, Totp totp,
                                         SecretBox box, Clock clock) {
        Duration wait = failures.waitAt(clock.instant());
        if (!wait.isZero()) {
            return new ReauthenticationResult(SecondFactorOutcome.THROTTLED, null, null, wait);
        }
        SecondFactor.Outcome outcome = secondFactor.answer(command.challengeId(), SecondFactor.REAUTHENTICATION,
                command.code(), command.recoveryCode(), secrets, totp, box, clock);
        if (outcome != SecondFactor.Outcome.PASSED) {
            return new ReauthenticationResult(SecondFactorOutcome.valueOf(outcome.name()), null, null, Duration.ZERO);
        }
        SecondFactor.Reauthenticated granted = secondFactor.grantReauthentication(command.sessionId(), secrets, clock);
        return new ReauthenticationResult(SecondFactorOutcome.PASSED, granted.token(), granted.expiresAt(),
                Duration.ZERO);
    }

    @CommandHandler
    public TwoFactorSettings handle(SwitchTwoFactor command, OneTimeSecrets secrets, ClientPolicies policies,
                                    Clock clock) {
        TwoFactorPolicy policy = policies.of(mainClientId);
        if (command.enabled()) {
            secondFactor.switchOn();
        } else {
            reauthenticated(command.reauthentication(), secrets, clock);
            secondFactor.switchOff(policy);
        }
        return secondFactor.settings(policy);
    }

    @CommandHandler
    public SecondFactor.StartedSetup handle(StartTotpSetup command, OneTimeSecrets secrets, Totp totp,
                                            SecretBox box, Clock clock) {
        reauthenticated(command.reauthentication(), secrets, clock);
        return secondFactor.startTotpSetup(command.setupId(), false, email, totp, box, clock);
    }

    @CommandHandler
    public String handle(ShowTotpSetup command, SecretBox box, Clock clock) {
        return secondFactor.pendingUri(email, box, clock);
    }

    @CommandHandler
    public OneTimeSecrets.RecoveryCodes handle(ConfirmTotpSetup command, OneTimeSecrets secrets, Totp totp,
                                               SecretBox box, Clock clock) {
        return secondFactor.confirmTotp(command.setupId(), false, command.code(), totp, box, secrets, clock);
    }

    @CommandHandler
    public TwoFactorSettings handle(RemoveTotp command, OneTimeSecrets secrets, ClientPolicies policies, Clock clock) {
        TwoFactorPolicy policy = policies.of(mainClientId);
        reauthenticated(command.reauthentication(), secrets, clock);
        secondFactor.removeTotp(policy);
        return secondFactor.settings(policy);
    }

    @CommandHandler
    public OneTimeSecrets.RecoveryCodes handle(RenewRecoveryCodes command, OneTimeSecrets secrets, Clock clock) {
        reauthenticated(command.reauthentication(), secrets, clock);
        return secondFactor.renewRecoveryCodes(secrets);
    }

    /** The answer to whoever proved the password of a disabled account. */
    /** An administrator acts on users of their active client only: anyone else's is not found. */
    @CommandHandler
    public void handle(SetApiAccess command) {
        requireInClient(command.clientId());
        apiAccess.set(command.enabled());
    }

    @CommandHandler
    public ApiAccess.NewKey handle(CreateApiKey command, ApiKeys keys, OneTimeSecrets secrets, Clock clock) {
        ApiAccess.NewKey key = apiAccess.create(command.keyId(), command.name(), command.expiresAt(), secrets,
                clock.instant());
        keys.register(command.keyId(), userId);
        return key;
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        if (command.clientId() != null) {
            requireInClient(command.clientId());
        }
        apiAccess.revoke(command.keyId());
    }

    /** A disabled user's keys obtain nothing, and say so no differently than a wrong secret. */
    @CommandHandler
    public ApiAccess.Grant handle(IssueApiToken command, OneTimeSecrets secrets, Clock clock) {
        if (disabled) {
            throw ApiKeys.invalidClient();
        }
        return apiAccess.issueToken(command.keyId(), command.presented(), secrets, clock.instant());
    }

    private void requireInClient(String clientId) {
        if (operator || !clientId.equals(mainClientId)) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, "user-not-found", "There is no such user.");
        }
    }

    public static RuleViolation disabledRefusal() {
        return new RuleViolation(RuleViolation.Kind.FORBIDDEN, "user-disabled",
                "This account is disabled; an administrator of your client can enable it.");
    }

    /**
     * Proving the current password counts like a login's password step: a throttled attempt is refused
     * unchecked (429), a wrong password is recorded and answered false.
     */
    private boolean currentPasswordProven(Secret password, PasswordHasher hasher, Clock clock) {
        credentials.requireNoExternalSignIn();
        Duration wait = failures.waitAt(clock.instant());
        if (!wait.isZero()) {
            throw FailureStreak.refusal(wait);
        }
        if (!credentials.passwordMatches(password, hasher)) {
            apply(new LoginFailed(userId, mainClientId, "WRONG_PASSWORD"));
            return false;
        }
        return true;
    }

    private void reauthenticated(Reauthentication proof, OneTimeSecrets secrets, Clock clock) {
        secondFactor.requireReauthenticated(proof == null ? null : proof.token(), proof == null ? null : proof.sessionId(),
                secrets, clock);
    }

    @EventSourcingHandler
    void on(UserCreated event, @SequenceNumber long sequence) {
        profileVersion = sequence;
        userId = event.userId();
        mainClientId = event.mainClientId();
        email = event.email();
        firstName = event.firstName();
        lastName = event.lastName();
        locale = event.locale();
        operator = event.operator();
        credentials = new Credentials(userId, mainClientId);
        secondFactor = new SecondFactor(userId, mainClientId);
        emailChange = new EmailChange(userId, mainClientId);
        apiAccess = new ApiAccess(userId, mainClientId);
    }

    @EventSourcingHandler
    void on(PersonalDataChanged event, @SequenceNumber long sequence) {
        firstName = event.firstName();
        lastName = event.lastName();
        locale = event.locale();
        profileVersion = sequence;
    }

    @EventSourcingHandler
    void on(EmailChanged event, @SequenceNumber long sequence) {
        email = event.newEmail();
        profileVersion = sequence;
    }

    @EventSourcingHandler
    void on(EmailChangeReverted event, @SequenceNumber long sequence) {
        email = event.restoredEmail();
        profileVersion = sequence;
    }

    @EventSourcingHandler
    void on(UserDisabled event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(UserEnabled event) {
        disabled = false;
    }

    @EventSourcingHandler
    void on(LoginFailed event, @Timestamp Instant at) {
        failures = failures.failedAt(at);
    }

    @EventSourcingHandler
    void on(SecondFactorCodeRejected event, @Timestamp Instant at) {
        failures = failures.failedAt(at);
    }

    @EventSourcingHandler
    void on(SecondFactorPassed event) {
        failures = FailureStreak.NONE;
    }

    @EventSourcingHandler
    void on(LoggedInWithoutSecondFactor event) {
        failures = FailureStreak.NONE;
    }

    @EventSourcingHandler
    void on(LoggedInExternally event) {
        failures = FailureStreak.NONE;
    }
}
