package dev.attest.membership.client;

import dev.attest.membership.client.ClientEvents.ClientCreated;
import dev.attest.contracts.Permission;
import dev.attest.membership.client.ClientEvents.UserGroupCreated;
import dev.attest.membership.group.GroupEvents.GroupChanged;
import dev.attest.membership.group.GroupEvents.GroupCreated;
import dev.attest.membership.group.GroupEvents.GroupDeleted;
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
import java.util.Set;

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

    /** Stored before groups had an aggregate of their own. */
    @EventHandler
    void on(UserGroupCreated event) {
        putGroup(event.clientId(), event.groupId(), event.name(), event.permissions());
    }

    @EventHandler
    void on(GroupCreated event) {
        putGroup(event.clientId(), event.groupId(), event.name(), event.permissions());
    }

    @EventHandler
    void on(GroupChanged event) {
        putGroup(event.clientId(), event.groupId(), event.name(), event.permissions());
    }

    @EventHandler
    void on(GroupDeleted event) {
        removeGroup(event.clientId(), event.groupId());
    }

    /** Pulled first, so a replayed event or a change replaces the group instead of adding it twice. */
    private void putGroup(String clientId, String groupId, String name, Set<Permission> permissions) {
        removeGroup(clientId, groupId);
        mongo.updateFirst(client(clientId), new Update().push("groups", new ClientView.Group(groupId, name,
                permissions.stream().map(Enum::name).sorted().toList())), ClientView.class);
    }

    private void removeGroup(String clientId, String groupId) {
        mongo.updateFirst(client(clientId), new Update().pull("groups", new org.bson.Document("_id", groupId)),
                ClientView.class);
    }

    private static Query client(String clientId) {
        return Query.query(Criteria.where("_id").is(clientId));
    }
}
