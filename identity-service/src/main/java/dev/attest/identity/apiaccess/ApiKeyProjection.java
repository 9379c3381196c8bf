package dev.attest.identity.apiaccess;

import dev.attest.identity.apiaccess.ApiAccessEvents.ApiAccessRevoked;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiKeyCreated;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiKeyRevoked;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiTokenIssued;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** Keeps {@link ApiKeyView} documents; replaying from the start yields the same documents. */
@Component
@ProcessingGroup(ApiKeyProjection.NAME)
public class ApiKeyProjection {

    public static final String NAME = "api-keys";

    private final MongoTemplate mongo;

    public ApiKeyProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The user's keys, newest first. */
    public List<ApiKeyView> keysOf(String userId) {
        return mongo.find(Query.query(Criteria.where("userId").is(userId)).with(Sort.by(Sort.Direction.DESC,
                "createdAt")), ApiKeyView.class);
    }

    @EventHandler
    void on(ApiKeyCreated event, @Timestamp Instant at) {
        mongo.save(new ApiKeyView(event.keyId(), event.userId(), event.name(), at, event.expiresAt(), null, null));
    }

    @EventHandler
    void on(ApiTokenIssued event, @Timestamp Instant at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.keyId())), Update.update("lastUsedAt", at),
                ApiKeyView.class);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @Timestamp Instant at) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.keyId()).and("revokedAt").is(null)),
                Update.update("revokedAt", at), ApiKeyView.class);
    }

    @EventHandler
    void on(ApiAccessRevoked event, @Timestamp Instant at) {
        mongo.updateMulti(Query.query(Criteria.where("userId").is(event.userId()).and("revokedAt").is(null)),
                Update.update("revokedAt", at), ApiKeyView.class);
    }
}
