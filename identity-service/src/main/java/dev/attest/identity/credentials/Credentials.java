package dev.attest.identity.credentials;

import dev.attest.identity.credentials.CredentialCommands.SetPassword;
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

/** How a user proves who they are before the second factor: the password, and the link that sets it. */
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

    /** Whether {@code password} is this user's; always false for a user without one. */
    public boolean passwordMatches(Secret password, PasswordHasher hasher) {
        return hasher.matches(password, passwordHash);
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
}
