package dev.attest.identity.session;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.session.SessionCommands.EndSession;
import dev.attest.identity.session.SessionCommands.EndSessionOfUser;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One login of one user: its refresh token rotates on every use; presenting a token that was already
 * rotated away means a copy leaked, so the whole session ends (OAuth 2.0 Security BCP, 4.14) — unless it
 * comes back within {@link #REUSE_GRACE} of its rotation: two tabs refreshing at once both go on, each
 * with a token of its own. The hashes of rotated-away tokens are filed in {@link RotatedRefreshTokens}, not
 * kept here, so loading a session does not grow with its refreshes; only those rotated before that table
 * existed are remembered here. Revision 3: more than one live token (an older snapshot is replayed over).
 */
@Aggregate(snapshotTriggerDefinition = "snapshotEvery50Events")
@Revision("3")
public class Session {

    static final Duration LIFETIME = Duration.ofDays(14);
    static final Duration REUSE_GRACE = Duration.ofSeconds(10);

    @AggregateIdentifier
    private String sessionId;
    private String userId;
    private String clientId;
    private String membershipKind;
    private boolean operator;
    private final Set<String> liveHashes = new HashSet<>();
    /** Rotated away in events from before {@link RotatedRefreshTokens}; sessions expire, so this empties out. */
    private final Map<String, Instant> rotatedAt = new HashMap<>();
    private Instant startedAt;
    private Instant expiresAt;
    private boolean ended;

    protected Session() {
        // for Axon
    }

    @CommandHandler
    public Session(StartSession command, Clock clock) {
        apply(new SessionStarted(command.sessionId(), command.userId(), command.clientId(), command.membershipKind(),
                command.operator(), command.refreshTokenHash(), clock.instant().plus(LIFETIME),
                command.origin().userAgent(), command.origin().ipAddress()));
    }

    @CommandHandler
    public SessionFacts handle(RotateRefreshToken command, OneTimeSecrets secrets, Clock clock, SessionRules rules,
                               RotatedRefreshTokens rotatedTokens) {
        requireLive(clock);
        String presented = command.presented() == null || command.presented().value() == null ? null
                : secrets.hash(command.presented().value());
        boolean live = presented != null && liveHashes.contains(presented);
        Instant rotated = presented == null || live ? null : rotatedAwayAt(presented, rotatedTokens);
        if (!live && rotated == null) {
            throw invalidRefreshToken();
        }
        if (!live && !clock.instant().isBefore(rotated.plus(REUSE_GRACE))) {
            apply(new SessionEnded(sessionId, userId, "REFRESH_TOKEN_REUSED"));
            // The end must be stored although the caller is refused, so answer instead of throwing.
            return null;
        }
        Optional<String> endReason = rules.endReason(userId, clientId, sessionId, startedAt);
        if (endReason.isPresent()) {
            apply(new SessionEnded(sessionId, userId, endReason.get()));
            return null;
        }
        // Within the grace the presented token is filed already, since its first rotation (or remembered here).
        apply(new RefreshTokenRotated(sessionId, userId, command.nextRefreshTokenHash(), presented,
                live || !rotatedAt.containsKey(presented)));
        if (live) {
            rotatedTokens.file(presented, sessionId, clock.instant(), expiresAt);
        }
        return new SessionFacts(userId, clientId, membershipKind, operator);
    }

    private Instant rotatedAwayAt(String hash, RotatedRefreshTokens rotatedTokens) {
        Instant remembered = rotatedAt.get(hash);
        return remembered != null ? remembered : rotatedTokens.rotatedAt(sessionId, hash).orElse(null);
    }

    @CommandHandler
    public void handle(EndSession command, OneTimeSecrets secrets, Clock clock) {
        requireLive(clock);
        boolean live = command.presented() != null && command.presented().value() != null
                && liveHashes.contains(secrets.hash(command.presented().value()));
        if (!live) {
            throw invalidRefreshToken();
        }
        apply(new SessionEnded(sessionId, userId, "LOGOUT"));
    }

    /** Ending a session that is over already changes nothing; another user's is not found. */
    @CommandHandler
    public void handle(EndSessionOfUser command, Clock clock) {
        if (!userId.equals(command.userId())) {
            throw notFound();
        }
        if (!ended && clock.instant().isBefore(expiresAt)) {
            apply(new SessionEnded(sessionId, userId, command.reason()));
        }
    }

    public static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "session-not-found", "You have no such session.");
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
        liveHashes.add(event.refreshTokenHash());
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(RefreshTokenRotated event, @Timestamp Instant at) {
        if (event.replacedHash() == null) {
            liveHashes.forEach(hash -> rotatedAt.putIfAbsent(hash, at));
            liveHashes.clear();
        } else {
            liveHashes.remove(event.replacedHash());
            if (!event.replacedHashFiled()) {
                rotatedAt.putIfAbsent(event.replacedHash(), at);
            }
        }
        liveHashes.add(event.refreshTokenHash());
    }

    @EventSourcingHandler
    void on(SessionEnded event) {
        ended = true;
    }
}
