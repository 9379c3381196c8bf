package dev.attest.identity.credentials;

import dev.attest.identity.credentials.CredentialCommands.SetPassword;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.credentials.CredentialEvents.PasswordSetupLinkIssued;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** How a user proves who they are before the second factor: the password, and the link that sets it. */
public class Credentials {

    static final Duration SETUP_LINK_VALIDITY = Duration.ofHours(72);

    private String userId;
    private String mainClientId;
    private String passwordHash;
    private String setupTokenHash;
    private Instant setupTokenExpiresAt;

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

    @CommandHandler
    public void handle(SetPassword command, OneTimeSecrets secrets, PasswordPolicy policy, PasswordHasher hasher,
                       Clock clock) {
        if (!setupLinkIsValid(command.setupToken(), secrets, clock)) {
            throw invalidSetupLink();
        }
        policy.check(command.password());
        apply(new PasswordSet(userId, mainClientId, hasher.hash(command.password())));
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
        setupTokenHash = event.tokenHash();
        setupTokenExpiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(PasswordSet event) {
        passwordHash = event.passwordHash();
        setupTokenHash = null;
        setupTokenExpiresAt = null;
    }
}
