package dev.attest.identity.credentials;

import dev.attest.identity.credentials.CredentialCommands.SetPassword;
import dev.attest.identity.credentials.CredentialEvents.ExternalIdentityLinked;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInCodeIssued;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInCodeUsed;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInLinked;
import dev.attest.identity.credentials.CredentialEvents.PasswordChanged;
import dev.attest.identity.credentials.CredentialEvents.PasswordResetLinkIssued;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.credentials.CredentialEvents.PasswordSetupLinkIssued;
import dev.attest.identity.credentials.CredentialEvents.SignInWithProviderReminded;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeReverted;
import dev.attest.identity.crypto.Secret;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * How a user proves who they are before the second factor: the password and the link that sets it, or,
 * for a user who signs in externally, the provider's word for their (issuer, subject).
 */
public class Credentials {

    static final Duration SETUP_LINK_VALIDITY = Duration.ofHours(72);
    static final Duration RESET_LINK_VALIDITY = Duration.ofHours(1);
    /** A new reset link is mailed at most once a minute, however often it is asked for. */
    static final Duration RESET_LINK_INTERVAL = Duration.ofMinutes(1);

    private String userId;
    private String mainClientId;
    private String passwordHash;
    private String setupTokenHash;
    private Instant setupTokenExpiresAt;
    private Instant lastResetLinkAt;
    private String externalProvider;
    private String externalIssuer;
    private String externalSubject;
    private ExternalCode externalCode;

    /** An issued, unused one-time code of an external sign-in. */
    record ExternalCode(String hash, Instant expiresAt, boolean mfaAsserted) {
    }

    static final Duration EXTERNAL_CODE_VALIDITY = Duration.ofSeconds(60);

    protected Credentials() {
        // for the snapshot serializer
    }

    public Credentials(String userId, String mainClientId) {
        this.userId = userId;
        this.mainClientId = mainClientId;
    }

    /*
     * A new user's credentials come with the user: the root's constructor applies these events before any
     * state exists (Axon applies a constructor's events once it returns), so they are made from arguments.
     */

    /** The link a new user's welcome mail carries, which sets the first password. */
    public static PasswordSetupLinkIssued setupLink(String userId, String mainClientId, String email,
                                                    String firstName, String locale, OneTimeSecrets secrets,
                                                    PendingSecrets pending, Clock clock) {
        OneTimeSecrets.MailedSecret token = secrets.mailedToken();
        Instant expiresAt = clock.instant().plus(SETUP_LINK_VALIDITY);
        return new PasswordSetupLinkIssued(userId, mainClientId, email, firstName, locale, token.hash(),
                pending.hold(token.encrypted(), expiresAt), expiresAt);
    }

    /** The operator's password, given by configuration rather than through a link. */
    public static PasswordSet initialPassword(String userId, Secret password, PasswordPolicy policy,
                                              PasswordHasher hasher) {
        policy.check(password);
        return new PasswordSet(userId, null, hasher.hash(password));
    }

    /** The first password from the welcome link, or a new one from a reset link (then every session ends). */
    @CommandHandler
    public void handle(SetPassword command, OneTimeSecrets secrets, PasswordPolicy policy, PasswordHasher hasher,
                       Clock clock) {
        requireNoExternalSignIn();
        if (!setupLinkIsValid(command.setupToken(), secrets, clock)) {
            throw invalidSetupLink();
        }
        policy.check(command.password());
        String hash = hasher.hash(command.password());
        apply(passwordHash == null ? new PasswordSet(userId, mainClientId, hash)
                : new PasswordChanged(userId, mainClientId, hash, "RESET", null));
    }

    /** Called once the user proved the current password (the root throttles and checks that). */
    public void change(Secret newPassword, String keptSessionId, PasswordPolicy policy, PasswordHasher hasher) {
        policy.check(newPassword);
        apply(new PasswordChanged(userId, mainClientId, hasher.hash(newPassword), "CHANGED", keptSessionId));
    }

    /**
     * Mails a reset link unless a mail of this kind went out within the last minute; a user who signs in
     * externally is reminded of the provider instead, never sent a link.
     */
    public void issueResetLink(String email, String firstName, String locale, OneTimeSecrets secrets,
                               PendingSecrets pending, Clock clock) {
        Instant now = clock.instant();
        if (lastResetLinkAt != null && now.isBefore(lastResetLinkAt.plus(RESET_LINK_INTERVAL))) {
            return;
        }
        if (externalProvider != null) {
            apply(new SignInWithProviderReminded(userId, mainClientId, email, firstName, locale, externalProvider));
            return;
        }
        OneTimeSecrets.MailedSecret token = secrets.mailedToken();
        Instant expiresAt = now.plus(RESET_LINK_VALIDITY);
        apply(new PasswordResetLinkIssued(userId, mainClientId, email, firstName, locale, token.hash(),
                pending.hold(token.encrypted(), expiresAt), expiresAt));
    }

    public void requireNoExternalSignIn() {
        if (externalProvider != null) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "external-sign-in",
                    "You sign in with " + externalProvider + ", so you have no password here to set or change.");
        }
    }

    /**
     * The provider vouched for (issuer, subject). A user who signs in with a password never gets in this way;
     * an unbound user is bound on a first sign-in found by verified e-mail; a bound one only by the same
     * (issuer, subject), whatever e-mail the provider says now. Answers the one-time code for the frontend.
     */
    public Secret acceptExternalSignIn(String provider, String issuer, String subject, boolean foundByEmail,
                                       boolean mfaAsserted, ExternalIdentities identities, OneTimeSecrets secrets,
                                       Clock clock) {
        requireExternalSignInWith(provider);
        if (externalSubject == null) {
            if (!foundByEmail) {
                throw notAnExternalAccount();
            }
            identities.bind(issuer, subject, userId);
            apply(new ExternalIdentityLinked(userId, mainClientId, provider, issuer, subject));
        } else if (!externalIssuer.equals(issuer) || !externalSubject.equals(subject)) {
            throw notAnExternalAccount();
        }
        OneTimeSecrets.HandedOutSecret code = secrets.handedOutToken();
        apply(new ExternalSignInCodeIssued(userId, mainClientId, provider, code.hash(),
                clock.instant().plus(EXTERNAL_CODE_VALIDITY), mfaAsserted));
        return code.secret();
    }

    /** 403 unless the user signs in with {@code provider}: a password user never gets in through one. */
    public void requireExternalSignInWith(String provider) {
        if (externalProvider == null || !externalProvider.equals(provider)) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "not-an-external-account",
                    "This account does not sign in with this provider.");
        }
    }

    /** The frontend's one-time code: answers whether the provider asserted a second factor; 401 otherwise. */
    public boolean useExternalSignInCode(Secret code, OneTimeSecrets secrets, Clock clock) {
        if (externalCode == null || !clock.instant().isBefore(externalCode.expiresAt())
                || !secrets.matches(code, externalCode.hash())) {
            throw invalidExternalSignInCode();
        }
        boolean mfaAsserted = externalCode.mfaAsserted();
        apply(new ExternalSignInCodeUsed(userId, mainClientId, externalProvider, mfaAsserted));
        return mfaAsserted;
    }

    public static RuleViolation invalidExternalSignInCode() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "invalid-sign-in-code",
                "This sign-in code is unknown, used or older than a minute; sign in again.");
    }

    private static RuleViolation notAnExternalAccount() {
        return new RuleViolation(RuleViolation.Kind.FORBIDDEN, "not-an-external-account",
                "This account does not sign in with this identity.");
    }

    public String externalProvider() {
        return externalProvider;
    }

    /** Whether {@code password} is this user's; always false for a user without one. */
    public boolean passwordMatches(Secret password, PasswordHasher hasher) {
        return passwordMatches(password, null, hasher);
    }

    /** The same, answered by {@code ahead} if it was made for this secret against the current hash. */
    public boolean passwordMatches(Secret password, PasswordPrechecks.Precheck ahead, PasswordHasher hasher) {
        if (ahead != null && ahead.answers(password, passwordHash)) {
            return ahead.matches();
        }
        return hasher.matches(password, passwordHash);
    }

    /** What the next login's check ahead should use: this hash, and no check before {@code throttledUntil}. */
    public void shareWith(PasswordPrechecks prechecks, Instant throttledUntil) {
        prechecks.remember(userId, passwordHash, throttledUntil);
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
    void on(PasswordSetupLinkIssued event) {
        openLink(event.tokenHash(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(PasswordSet event) {
        newPassword(event.passwordHash());
    }

    @EventSourcingHandler
    void on(PasswordResetLinkIssued event, @Timestamp Instant at) {
        openLink(event.tokenHash(), event.expiresAt());
        lastResetLinkAt = at;
    }

    @EventSourcingHandler
    void on(SignInWithProviderReminded event, @Timestamp Instant at) {
        lastResetLinkAt = at;
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        newPassword(event.passwordHash());
    }

    /** A set-up or reset link replaces any open one. */
    private void openLink(String tokenHash, Instant expiresAt) {
        setupTokenHash = tokenHash;
        setupTokenExpiresAt = expiresAt;
    }

    /** A password set by any means uses up the open link. */
    private void newPassword(String hash) {
        passwordHash = hash;
        openLink(null, null);
    }

    /** Whoever changed the address may have set the password too: it is gone until reset by mail. */
    @EventSourcingHandler
    void on(EmailChangeReverted event) {
        passwordHash = null;
        lastResetLinkAt = null;
    }

    @EventSourcingHandler
    void on(ExternalSignInLinked event) {
        externalProvider = event.provider();
        passwordHash = null;
    }

    @EventSourcingHandler
    void on(ExternalIdentityLinked event) {
        externalIssuer = event.issuer();
        externalSubject = event.subject();
    }

    @EventSourcingHandler
    void on(ExternalSignInCodeIssued event) {
        externalCode = new ExternalCode(event.codeHash(), event.expiresAt(), event.mfaAsserted());
    }

    @EventSourcingHandler
    void on(ExternalSignInCodeUsed event) {
        externalCode = null;
    }
}
