package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.user.UserEvents.UserCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Keeps {@link UserProfile} documents; every write is an idempotent upsert, so a replay yields the same. */
@Component
@ProcessingGroup(UserProjection.NAME)
public class UserProjection {

    public static final String NAME = "users";

    private final MongoTemplate mongo;

    public UserProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(UserCreated event, @Timestamp Instant at) {
        mongo.save(new UserProfile(event.userId(), event.email(), event.firstName(), event.lastName(),
                event.mainClientId(), event.locale(), "EMAIL", false, false, event.operator(), at));
    }

    @EventHandler
    void on(PasswordSet event) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.userId())),
                Update.update("passwordSet", true), UserProfile.class);
    }
}
