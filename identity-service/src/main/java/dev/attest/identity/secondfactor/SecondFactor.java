package dev.attest.identity.secondfactor;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorPassed;
import dev.attest.kit.eventstore.PendingSecrets;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** The second step of a login: the method (an e-mailed code, for now) and the challenge open right now. */
public class SecondFactor {

    public static final String EMAIL = "EMAIL";
    static final Duration CODE_VALIDITY = Duration.ofMinutes(10);
    static final int CODE_ATTEMPTS = 5;

    public enum Outcome { PASSED, WRONG_CODE, EXHAUSTED, UNKNOWN_OR_EXPIRED }

    private String userId;
    private String mainClientId;
    private String method = EMAIL;
    private OpenChallenge challenge;

    private record OpenChallenge(String id, String codeHash, Instant expiresAt, int attemptsLeft) {
    }

    protected SecondFactor() {
        // for the snapshot serializer
    }

    public SecondFactor(String userId, String mainClientId) {
        this.userId = userId;
        this.mainClientId = mainClientId;
    }

    public String method() {
        return method;
    }

    /** Mails a new code to {@code email}; it replaces any open challenge. */
    public void challenge(String challengeId, String email, String locale, OneTimeSecrets secrets,
                          PendingSecrets pending, Clock clock) {
        OneTimeSecrets.MailedSecret code = secrets.mailedCode();
        Instant expiresAt = clock.instant().plus(CODE_VALIDITY);
        apply(new SecondFactorChallengeIssued(userId, mainClientId, challengeId, email, locale, code.hash(),
                pending.hold(code.encrypted(), expiresAt), expiresAt));
    }

    /** Checks {@code code} against the open challenge {@code challengeId}: single use, five tries, 10 minutes. */
    public Outcome verify(String challengeId, Secret code, OneTimeSecrets secrets, Clock clock) {
        if (challenge == null || !challenge.id().equals(challengeId) || !clock.instant().isBefore(challenge.expiresAt())) {
            return Outcome.UNKNOWN_OR_EXPIRED;
        }
        if (!secrets.matches(code, challenge.codeHash())) {
            int attemptsLeft = challenge.attemptsLeft() - 1;
            apply(new SecondFactorCodeRejected(userId, mainClientId, challenge.id(), attemptsLeft));
            return attemptsLeft == 0 ? Outcome.EXHAUSTED : Outcome.WRONG_CODE;
        }
        apply(new SecondFactorPassed(userId, mainClientId, challenge.id(), method));
        return Outcome.PASSED;
    }

    @EventSourcingHandler
    void on(SecondFactorChallengeIssued event) {
        challenge = new OpenChallenge(event.challengeId(), event.codeHash(), event.expiresAt(), CODE_ATTEMPTS);
    }

    @EventSourcingHandler
    void on(SecondFactorCodeRejected event) {
        challenge = event.attemptsLeft() == 0 ? null
                : new OpenChallenge(challenge.id(), challenge.codeHash(), challenge.expiresAt(), event.attemptsLeft());
    }

    @EventSourcingHandler
    void on(SecondFactorPassed event) {
        challenge = null;
    }
}
