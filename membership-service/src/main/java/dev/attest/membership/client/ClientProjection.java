package dev.attest.membership.client;

import dev.attest.membership.client.ClientEvents.ClientCreated;
import dev.attest.membership.client.ClientEvents.UserGroupCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** Keeps {@link ClientView} documents; replaying from the start yields the same documents. */
@Component
@ProcessingGroup(ClientProjection.NAME)
public class ClientProjection {

    public static final String NAME = "clients";

    private final MongoTemplate mongo;

    public ClientProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(ClientCreated event, @Timestamp Instant at) {
        mongo.save(new ClientView(event.clientId(), event.name(), List.of(), at));
    }

    @EventHandler
    void on(UserGroupCreated event) {
        Query client = Query.query(Criteria.where("_id").is(event.clientId()));
        // Pull first so a replayed event replaces the group instead of adding it twice.
        mongo.updateFirst(client, new Update().pull("groups", new org.bson.Document("_id", event.groupId())),
                ClientView.class);
        mongo.updateFirst(client, new Update().push("groups", new ClientView.Group(event.groupId(), event.name(),
                event.permissions().stream().map(Enum::name).sorted().toList())), ClientView.class);
    }
}
