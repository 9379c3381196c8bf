package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialEvents.PasswordChanged;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.user.UserEvents.PersonalDataChanged;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.identity.user.UserEvents.UserDisabled;
import dev.attest.identity.user.UserEvents.UserEnabled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps {@link UserProfile} documents; every write is an idempotent upsert, so a replay yields the same.
 * The processing group's name carries the form of the documents: a new form gets a new name, so the
 * documents are rebuilt from all events once (docs/operations.md).
 */
@Component
@ProcessingGroup(UserProjection.NAME)
public class UserProjection {

    public static final String NAME = "users-v2";

    private final MongoTemplate mongo;

    public UserProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(UserCreated event, @Timestamp Instant at, @SequenceNumber long sequence) {
        mongo.save(new UserProfile(event.userId(), event.email(), event.firstName(), event.lastName(),
                event.mainClientId(), event.locale(), "EMAIL", false, false, event.operator(), false, at, sequence,
                UserProfile.searchKeysOf(event.email(), event.firstName(), event.lastName()), null, null));
    }

    @EventHandler
    void on(PersonalDataChanged event, @SequenceNumber long sequence) {
        UserProfile profile = mongo.findById(event.userId(), UserProfile.class);
        mongo.updateFirst(byId(event.userId()), Update.update("firstName", event.firstName())
                .set("lastName", event.lastName()).set("locale", event.locale()).set("version", sequence)
                .set("searchKeys", UserProfile.searchKeysOf(profile.email(), event.firstName(), event.lastName())),
                UserProfile.class);
    }

    @EventHandler
    void on(UserDisabled event) {
        mongo.updateFirst(byId(event.userId()), Update.update("disabled", true), UserProfile.class);
    }

    @EventHandler
    void on(UserEnabled event) {
        mongo.updateFirst(byId(event.userId()), Update.update("disabled", false), UserProfile.class);
    }

    /** Sessions older than this, but the one it was changed from, end at their next refresh. */
    @EventHandler
    void on(PasswordChanged event, @Timestamp Instant at) {
        mongo.updateFirst(byId(event.userId()), Update.update("passwordChangedAt", at)
                .set("sessionKeptAtChange", event.keptSessionId()), UserProfile.class);
    }

    @EventHandler
    void on(PasswordSet event) {
        mongo.updateFirst(byId(event.userId()), Update.update("passwordSet", true), UserProfile.class);
    }

    private static Query byId(String userId) {
        return Query.query(Criteria.where("_id").is(userId));
    }
}
