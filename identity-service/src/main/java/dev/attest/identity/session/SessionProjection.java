package dev.attest.identity.session;

import dev.attest.identity.session.SessionEvents.RefreshTokenRotated;
import dev.attest.identity.session.SessionEvents.SessionEnded;
import dev.attest.identity.session.SessionEvents.SessionStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Keeps {@link SessionView}s, and answers a user's live sessions. Replaying yields the same documents. */
@Component
@ProcessingGroup(SessionProjection.NAME)
public class SessionProjection {

    static final String NAME = "sessions";

    private final MongoTemplate mongo;
    private final Clock clock;

    public SessionProjection(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    @EventHandler
    void on(SessionStarted event, @Timestamp Instant at) {
        mongo.save(new SessionView(event.sessionId(), event.userId(), event.userAgent(), event.ipAddress(), at, at,
                event.expiresAt(), null, false));
    }

    @EventHandler
    void on(RefreshTokenRotated event, @Timestamp Instant at) {
        mongo.updateFirst(byId(event.sessionId()), Update.update("lastUsedAt", at), SessionView.class);
    }

    @EventHandler
    void on(SessionEnded event, @Timestamp Instant at) {
        mongo.updateFirst(byId(event.sessionId()), Update.update("endedAt", at), SessionView.class);
    }

    /** The user's sessions that have not ended or expired, last used first. */
    public List<SessionView> liveSessionsOf(String userId, String currentSessionId) {
        return mongo.find(Query.query(Criteria.where("userId").is(userId).and("endedAt").is(null)
                        .and("expiresAt").gt(clock.instant())), SessionView.class).stream()
                .map(session -> session.asCurrent(currentSessionId))
                .sorted(Comparator.comparing(SessionView::lastUsedAt).reversed())
                .toList();
    }

    private static Query byId(String sessionId) {
        return Query.query(Criteria.where("_id").is(sessionId));
    }
}
