package dev.attest.identity.user;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.password.PasswordHasher;
import dev.attest.identity.password.PasswordPolicy;
import dev.attest.identity.user.UserCommands.CreateOperator;
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
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A person who can log in: personal data, credentials, the open second-factor challenge. */
@Aggregate(snapshotTriggerDefinition = "snapshotEvery50Events")
@Revision("1")
public class User {

    static final Duration SETUP_LINK_VALIDITY = Duration.ofHours(72);
    static final Duration CODE_VALIDITY = Duration.ofMinutes(10);
    static final int CODE_ATTEMPTS = 5;
    static final String EMAIL_METHOD = "EMAIL";

    @AggregateIdentifier
    private String userId;
    private String mainClientId;
    private String email;
    private String firstName;
    private String locale;
    private boolean operator;
    private String passwordHash;
    private String setupTokenHash;
    private Instant setupTokenExpiresAt;
    private OpenChallenge challenge;
    private FailureStreak failures = FailureStreak.NONE;

    private record OpenChallenge(String id, String codeHash, Instant expiresAt, int attemptsLeft) {
    }

    protected User() {
        // for Axon
    }

    @CommandHandler
    public User(CreateUser command, EmailRegistry emails, OneTimeSecrets secrets, PendingSecrets pending,
                Clock clock) {
        emails.claim(command.email(), command.userId());
        UserCreated created = new UserCreated(command.userId(), command.mainClientId(),
                EmailRegistry.normalize(command.email()), command.firstName().strip(), command.lastName().strip(),
                command.locale(), List.copyOf(command.groupIds()), false);
        apply(created);
        // In a constructor Axon applies events after it returns, so the new state is read from the event.
        OneTimeSecrets.MailedSecret token = secrets.mailedToken();
        Instant expiresAt = clock.instant().plus(SETUP_LINK_VALIDITY);
        apply(new PasswordSetupLinkIssued(created.userId(), created.mainClientId(), created.email(),
                created.firstName(), created.locale(), token.hash(), pending.hold(token.encrypted(), expiresAt),
                expiresAt));
    }

    @CommandHandler
    public User(CreateOperator command, EmailRegistry emails, PasswordPolicy policy, PasswordHasher hasher) {
        policy.check(command.password());
        emails.claim(command.email(), command.userId());
        apply(new UserCreated(command.userId(), null, EmailRegistry.normalize(command.email()), "Platform",
                "Operator", "en", List.of(), true));
        apply(new PasswordSet(command.userId(), null, hasher.hash(command.password())));
    }

    @CommandHandler
    public void handle(SetPassword command, OneTimeSecrets secrets, PasswordPolicy policy, PasswordHasher hasher,
                       Clock clock) {
        if (!setupLinkIsValid(command.setupToken(), secrets, clock)) {
            throw invalidSetupLink();
        }
        policy.check(command.password());
        apply(new PasswordSet(userId, mainClientId, hasher.hash(command.password())));
    }

    @CommandHandler
    public LoginStep handle(LogIn command, PasswordHasher hasher, OneTimeSecrets secrets, PendingSecrets pending,
                            Clock clock) {
        Duration wait = failures.waitAt(clock.instant());
        if (!wait.isZero()) {
            return LoginStep.throttled(wait);
        }
        if (!hasher.matches(command.password(), passwordHash)) {
            apply(new LoginFailed(userId, mainClientId, "WRONG_PASSWORD"));
            return LoginStep.PASSWORD_REJECTED;
        }
        OneTimeSecrets.MailedSecret code = secrets.mailedCode();
        Instant expiresAt = clock.instant().plus(CODE_VALIDITY);
        apply(new SecondFactorChallengeIssued(userId, mainClientId, command.challengeId(), email, locale,
                code.hash(), pending.hold(code.encrypted(), expiresAt), expiresAt));
        return LoginStep.SECOND_FACTOR_REQUIRED;
    }

    @CommandHandler
    public SecondFactorResult handle(VerifySecondFactor command, OneTimeSecrets secrets, Clock clock) {
        Duration wait = failures.waitAt(clock.instant());
        if (!wait.isZero()) {
            return SecondFactorResult.throttled(wait);
        }
        if (challenge == null || !challenge.id().equals(command.challengeId())
                || !clock.instant().isBefore(challenge.expiresAt())) {
            return result(SecondFactorOutcome.UNKNOWN_OR_EXPIRED);
        }
        if (!secrets.matches(command.code(), challenge.codeHash())) {
            int attemptsLeft = challenge.attemptsLeft() - 1;
            apply(new SecondFactorCodeRejected(userId, mainClientId, challenge.id(), attemptsLeft));
            return result(attemptsLeft == 0 ? SecondFactorOutcome.EXHAUSTED : SecondFactorOutcome.WRONG_CODE);
        }
        apply(new SecondFactorPassed(userId, mainClientId, challenge.id(), EMAIL_METHOD));
        return new SecondFactorResult(SecondFactorOutcome.PASSED, mainClientId, operator, Duration.ZERO);
    }

    private static SecondFactorResult result(SecondFactorOutcome failure) {
        return new SecondFactorResult(failure, null, false, Duration.ZERO);
    }

    /** The one answer to any set-password link that does not work, so the answer reveals nothing. */
    public static RuleViolation invalidSetupLink() {
        return new RuleViolation(RuleViolation.Kind.GONE, "invalid-set-password-token",
                "This set-password link is invalid, used or expired; ask for a new one.");
    }

    private boolean setupLinkIsValid(Secret token, OneTimeSecrets secrets, Clock clock) {
        return setupTokenHash != null && clock.instant().isBefore(setupTokenExpiresAt)
                && secrets.matches(token, setupTokenHash);
    }

    @EventSourcingHandler
    void on(UserCreated event) {
        userId = event.userId();
        mainClientId = event.mainClientId();
        email = event.email();
        firstName = event.firstName();
        locale = event.locale();
        operator = event.operator();
    }

    @EventSourcingHandler
    void on(PasswordSetupLinkIssued event) {
        setupTokenHash = event.tokenHash();
        setupTokenExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(PasswordSet event) {
        passwordHash = event.passwordHash();
        setupTokenHash = null;
        setupTokenExpiresAt = null;
    }

    @EventSourcingHandler
    void on(LoginFailed event, @Timestamp Instant at) {
        failures = failures.failedAt(at);
    }

    @EventSourcingHandler
    void on(SecondFactorChallengeIssued event) {
        challenge = new OpenChallenge(event.challengeId(), event.codeHash(), event.expiresAt(), CODE_ATTEMPTS);
    }

    @EventSourcingHandler
    void on(SecondFactorCodeRejected event, @Timestamp Instant at) {
        failures = failures.failedAt(at);
        challenge = event.attemptsLeft() == 0 ? null
                : new OpenChallenge(challenge.id(), challenge.codeHash(), challenge.expiresAt(), event.attemptsLeft());
    }

    @EventSourcingHandler
    void on(SecondFactorPassed event) {
        challenge = null;
        failures = FailureStreak.NONE;
    }
}
