package dev.attest.identity.emailchange;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.emailchange.EmailChangeCommands.CodeOutcome;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeCancelled;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeCodeRejected;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeConfirmedAtCurrentAddress;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeRequested;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeReverted;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChanged;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A user's change of their own e-mail address, better guarded than usual: the current address confirms
 * first, then the new one proves it receives mail, and afterwards the old one may undo it for a week.
 * Each code: six digits, ten minutes, single use, five tries. A new request replaces an open one; five
 * requests a day at most.
 */
public class EmailChange {

    public static final String CONFIRM_CURRENT = "CONFIRM_CURRENT";
    public static final String VERIFY_NEW = "VERIFY_NEW";
    static final Duration CODE_VALIDITY = Duration.ofMinutes(10);
    static final int CODE_ATTEMPTS = 5;
    static final Duration REVERT_VALIDITY = Duration.ofDays(7);
    static final int REQUESTS_PER_DAY = 5;

    private String userId;
    private String mainClientId;
    private Pending pending;
    private Revert revert;
    private final List<Instant> requestedAt = new ArrayList<>();

    /** The open request: where it stands and the code it waits for. */
    public record Pending(String newEmail, String step, String codeHash, Instant expiresAt, int attemptsLeft) {
    }

    /** What the old address may undo, and until when. */
    public record Revert(String tokenHash, String restoredEmail, String abandonedEmail, Instant expiresAt) {
    }

    protected EmailChange() {
        // for the snapshot serializer
    }

    public EmailChange(String userId, String mainClientId) {
        this.userId = userId;
        this.mainClientId = mainClientId;
    }

    /** Step 1: a code to {@code currentEmail}, which must agree before anything else happens. */
    public void request(String currentEmail, String newEmail, String firstName, String locale,
                        OneTimeSecrets secrets, PendingSecrets held, Clock clock) {
        Instant now = clock.instant();
        List<Instant> today = requestedAt.stream().filter(at -> at.isAfter(now.minus(Duration.ofDays(1)))).toList();
        if (today.size() >= REQUESTS_PER_DAY) {
            throw RuleViolation.tooManyRequests("email-change-throttled",
                    "Five e-mail changes a day at most; try again later.",
                    Duration.between(now, today.get(0).plus(Duration.ofDays(1))));
        }
        if (newEmail.equals(currentEmail)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "email-unchanged", "This is your address already.");
        }
        OneTimeSecrets.MailedSecret code = secrets.mailedCode();
        Instant expiresAt = now.plus(CODE_VALIDITY);
        apply(new EmailChangeRequested(userId, mainClientId, currentEmail, newEmail, firstName, locale, code.hash(),
                held.hold(code.encrypted(), expiresAt), expiresAt));
    }

    /** Step 2: the current address's code; if right, a code goes to the new address. */
    public CodeOutcome confirmAtCurrentAddress(Secret code, String firstName, String locale, OneTimeSecrets secrets,
                                               PendingSecrets held, Clock clock) {
        if (!check(CONFIRM_CURRENT, code, secrets, clock)) {
            return CodeOutcome.WRONG_CODE;
        }
        OneTimeSecrets.MailedSecret next = secrets.mailedCode();
        Instant expiresAt = clock.instant().plus(CODE_VALIDITY);
        apply(new EmailChangeConfirmedAtCurrentAddress(userId, mainClientId, pending.newEmail(), firstName, locale,
                next.hash(), held.hold(next.encrypted(), expiresAt), expiresAt));
        return CodeOutcome.ACCEPTED;
    }

    /** Step 3, first half: whether the new address's code is right. */
    public CodeOutcome verifyNewAddress(Secret code, OneTimeSecrets secrets, Clock clock) {
        return check(VERIFY_NEW, code, secrets, clock) ? CodeOutcome.ACCEPTED : CodeOutcome.WRONG_CODE;
    }

    /** Step 3, second half, once the new address is claimed: the change, and the old address's way back. */
    public void complete(String oldEmail, String firstName, String locale, OneTimeSecrets secrets,
                         PendingSecrets held, Clock clock) {
        OneTimeSecrets.MailedSecret token = secrets.mailedToken();
        Instant expiresAt = clock.instant().plus(REVERT_VALIDITY);
        apply(new EmailChanged(userId, mainClientId, oldEmail, pending.newEmail(), firstName, locale, token.hash(),
                held.hold(token.encrypted(), expiresAt), expiresAt));
    }

    public String newEmail() {
        return pending == null ? null : pending.newEmail();
    }

    public void cancel() {
        if (pending != null) {
            apply(new EmailChangeCancelled(userId, mainClientId));
        }
    }

    /** The change the link undoes, if the link is the one the old address got and still valid. */
    public Revert revertible(Secret token, OneTimeSecrets secrets, Clock clock) {
        if (revert == null || !clock.instant().isBefore(revert.expiresAt()) || !secrets.matches(token, revert.tokenHash())) {
            throw invalidRevertLink();
        }
        return revert;
    }

    /** The one answer to any revert link that does not work, so the answer reveals nothing. */
    public static RuleViolation invalidRevertLink() {
        return new RuleViolation(RuleViolation.Kind.GONE, "invalid-revert-link",
                "This link is invalid, used or older than seven days.");
    }

    private boolean check(String step, Secret code, OneTimeSecrets secrets, Clock clock) {
        if (pending == null || !pending.step().equals(step) || !clock.instant().isBefore(pending.expiresAt())) {
            throw new RuleViolation(RuleViolation.Kind.GONE, "email-change-expired",
                    "There is no e-mail change waiting for this code: it expired, had five wrong codes, or was "
                            + "replaced or cancelled. Start again.");
        }
        if (secrets.matches(code, pending.codeHash())) {
            return true;
        }
        apply(new EmailChangeCodeRejected(userId, mainClientId, step, pending.attemptsLeft() - 1));
        return false;
    }

    @EventSourcingHandler
    void on(EmailChangeRequested event, @Timestamp Instant at) {
        requestedAt.add(at);
        requestedAt.removeIf(earlier -> earlier.isBefore(at.minus(Duration.ofDays(1))));
        pending = new Pending(event.newEmail(), CONFIRM_CURRENT, event.codeHash(), event.expiresAt(), CODE_ATTEMPTS);
    }

    @EventSourcingHandler
    void on(EmailChangeCodeRejected event) {
        pending = event.attemptsLeft() == 0 ? null : new Pending(pending.newEmail(), pending.step(), pending.codeHash(),
                pending.expiresAt(), event.attemptsLeft());
    }

    @EventSourcingHandler
    void on(EmailChangeConfirmedAtCurrentAddress event) {
        pending = new Pending(event.newEmail(), VERIFY_NEW, event.codeHash(), event.expiresAt(), CODE_ATTEMPTS);
    }

    @EventSourcingHandler
    void on(EmailChanged event) {
        pending = null;
        revert = new Revert(event.revertTokenHash(), event.oldEmail(), event.newEmail(), event.revertExpiresAt());
    }

    @EventSourcingHandler
    void on(EmailChangeCancelled event) {
        pending = null;
    }

    @EventSourcingHandler
    void on(EmailChangeReverted event) {
        revert = null;
        pending = null;
    }
}
