package dev.attest.identity.session;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.session.SessionCommands.EndSession;
import dev.attest.identity.session.SessionCommands.RotateRefreshToken;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.identity.session.SessionCommands.StartSession;
import dev.attest.identity.session.SessionEvents.RefreshTokenRotated;
import dev.attest.identity.session.SessionEvents.SessionEnded;
import dev.attest.identity.session.SessionEvents.SessionStarted;
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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One login of one user: its refresh token rotates on every use; presenting a token that was already
 * rotated away means a copy leaked, so the whole session ends (OAuth 2.0 Security BCP, 4.14).
 */
@Aggregate(snapshotTriggerDefinition = "snapshotEvery50Events")
@Revision("2")
public class Session {

    static final Duration LIFETIME = Duration.ofDays(14);

    @AggregateIdentifier
    private String sessionId;
    private String userId;
    private String clientId;
    private String membershipKind;
    private boolean operator;
    private String currentHash;
    private final Set<String> rotatedHashes = new HashSet<>();
    private Instant startedAt;
    private Instant expiresAt;
    private boolean ended;

    protected Session() {
        // for Axon
    }

    @CommandHandler
    public Session(StartSession command, Clock clock) {
        apply(new SessionStarted(command.sessionId(), command.userId(), command.clientId(), command.membershipKind(),
                command.operator(), command.refreshTokenHash(), clock.instant().plus(LIFETIME)));
    }

    @CommandHandler
    public SessionFacts handle(RotateRefreshToken command, OneTimeSecrets secrets, Clock clock, SessionRules rules) {
        requireLive(clock);
        if (!secrets.matches(command.presented(), currentHash)) {
            if (command.presented() != null && rotatedHashes.contains(secrets.hash(command.presented().value()))) {
                apply(new SessionEnded(sessionId, userId, "REFRESH_TOKEN_REUSED"));
                // The end must be stored although the caller is refused, so answer instead of throwing.
                return null;
            }
            throw invalidRefreshToken();
        }
        Optional<String> endReason = rules.endReason(userId, sessionId, startedAt);
        if (endReason.isPresent()) {
            apply(new SessionEnded(sessionId, userId, endReason.get()));
            return null;
        }
        apply(new RefreshTokenRotated(sessionId, userId, command.nextRefreshTokenHash()));
        return new SessionFacts(userId, clientId, membershipKind, operator);
    }

    @CommandHandler
    public void handle(EndSession command, OneTimeSecrets secrets, Clock clock) {
        requireLive(clock);
        if (!secrets.matches(command.presented(), currentHash)) {
            throw invalidRefreshToken();
        }
        apply(new SessionEnded(sessionId, userId, "LOGOUT"));
    }

    private void requireLive(Clock clock) {
        if (ended || !clock.instant().isBefore(expiresAt)) {
            throw invalidRefreshToken();
        }
    }

    /** The one answer to any refresh token that does not work, so the answer reveals nothing. */
    public static RuleViolation invalidRefreshToken() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "invalid-refresh-token",
                "The refresh token is invalid, expired or was revoked; log in again.");
    }

    @EventSourcingHandler
    void on(SessionStarted event, @Timestamp Instant at) {
        startedAt = at;
        sessionId = event.sessionId();
        userId = event.userId();
        clientId = event.clientId();
        membershipKind = event.membershipKind();
        operator = event.operator();
        currentHash = event.refreshTokenHash();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(RefreshTokenRotated event) {
        rotatedHashes.add(currentHash);
        currentHash = event.refreshTokenHash();
    }

    @EventSourcingHandler
    void on(SessionEnded event) {
        ended = true;
    }
}
