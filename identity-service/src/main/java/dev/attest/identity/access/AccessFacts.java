package dev.attest.identity.access;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.GroupLeft;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupChanged;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.contracts.membership.v1.UserGroupDeleted;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * identity-service's own projection of membership-service's events: the clients' names, which groups grant
 * what, and who is in which groups of which client. Permission decisions read only this. Writes are upserts by id, so a
 * redelivered event changes nothing.
 */
@Component
public class AccessFacts {

    static final String GROUPS = "access_groups";
    static final String MEMBERSHIPS = "access_memberships";
    static final String CLIENTS = "access_clients";

    /** A client the user belongs to: its name, and MAIN or GUEST. */
    public record ClientOfUser(String clientId, String name, String kind) {
    }

    private final MongoTemplate mongo;

    public AccessFacts(MongoTemplate mongo) {
        this.mongo = mongo;
        // Every question here is about one user (a refresh asks whether its session's client was left): without
        // this index MongoDB scans every membership of every client for each of them.
        mongo.indexOps(MEMBERSHIPS).createIndex(new Index().on("userId", Sort.Direction.ASC)
                .on("clientId", Sort.Direction.ASC).named("user_client"));
    }

    public void record(ClientCreated event) {
        upsert(CLIENTS, new Document("_id", event.clientId()).append("name", event.name()));
    }

    /** The user's clients, main first, then by name. */
    public List<ClientOfUser> clientsOf(String userId) {
        return mongo.find(live(Criteria.where("userId").is(userId)), Document.class, MEMBERSHIPS).stream()
                .map(membership -> {
                    String clientId = membership.getString("clientId");
                    Document client = mongo.findById(clientId, Document.class, CLIENTS);
                    return new ClientOfUser(clientId, client == null ? null : client.getString("name"),
                            membership.getString("kind"));
                })
                .sorted(java.util.Comparator.comparing((ClientOfUser c) -> !"MAIN".equals(c.kind()))
                        .thenComparing(c -> c.name() == null ? "" : c.name()))
                .toList();
    }

    /** MAIN or GUEST if the user belongs to the client; empty otherwise. */
    public java.util.Optional<String> membershipKind(String userId, String clientId) {
        return java.util.Optional.ofNullable(mongo.findOne(live(Criteria.where("userId").is(userId)
                .and("clientId").is(clientId)), Document.class, MEMBERSHIPS)).map(m -> m.getString("kind"));
    }

    public void record(UserGroupCreated event) {
        upsert(GROUPS, new Document("_id", event.groupId()).append("clientId", event.clientId())
                .append("name", event.name())
                .append("permissions", event.permissions().stream().map(Enum::name).toList()));
    }

    public void record(UserGroupChanged event) {
        upsert(GROUPS, new Document("_id", event.groupId()).append("clientId", event.clientId())
                .append("name", event.name())
                .append("permissions", event.permissions().stream().map(Enum::name).toList()));
    }

    public void record(UserGroupDeleted event) {
        mongo.remove(Query.query(Criteria.where("_id").is(event.groupId())), GROUPS);
    }

    public void record(GroupJoined event) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.membershipId())),
                new Update().addToSet("groupIds", event.groupId()), MEMBERSHIPS);
    }

    public void record(GroupLeft event) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.membershipId())),
                new Update().pull("groupIds", event.groupId()), MEMBERSHIPS);
    }

    /**
     * An ended membership is kept, marked: the user can no longer switch to the client or act in it, and a
     * session in it ends at its next refresh ({@link #hasLeft}).
     */
    public void record(ClientLeft event) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(event.membershipId())),
                new Update().set("ended", true).set("groupIds", List.of()), MEMBERSHIPS);
    }

    /** Whether the user's membership in the client ended and none started again since. */
    public boolean hasLeft(String userId, String clientId) {
        return mongo.findOne(Query.query(Criteria.where("userId").is(userId).and("clientId").is(clientId)
                .and("ended").is(true)), Document.class, MEMBERSHIPS) != null && membershipKind(userId, clientId).isEmpty();
    }

    public void record(MembershipStarted event) {
        upsert(MEMBERSHIPS, new Document("_id", event.membershipId()).append("userId", event.userId())
                .append("clientId", event.clientId()).append("kind", event.kind().name())
                .append("groupIds", event.groupIds()));
    }

    public Set<Permission> permissionsOf(String userId, String clientId) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (Document membership : mongo.find(live(Criteria.where("userId").is(userId)
                .and("clientId").is(clientId)), Document.class, MEMBERSHIPS)) {
            List<String> groupIds = membership.getList("groupIds", String.class);
            for (Document group : mongo.find(Query.query(Criteria.where("_id").in(groupIds)
                    .and("clientId").is(clientId)), Document.class, GROUPS)) {
                group.getList("permissions", String.class).forEach(p -> granted.add(Permission.valueOf(p)));
            }
        }
        return granted;
    }

    /**
     * Says 403 unless the caller holds {@code permission} in its active client. An API token holds every
     * permission of the catalogue in its user's main client, the only client it acts in, whatever the groups say.
     */
    public void require(Caller caller, Permission permission) {
        String clientId = caller.requireClient();
        if (!caller.api() && !permissionsOf(caller.userId(), clientId).contains(permission)) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "missing-permission",
                    "This needs the permission " + permission + " in the active client.");
        }
    }

    public boolean isGroupOf(String groupId, String clientId) {
        Document group = mongo.findById(groupId, Document.class, GROUPS);
        return group != null && clientId.equals(group.getString("clientId"));
    }

    private static Query live(Criteria membership) {
        return Query.query(membership.and("ended").ne(true));
    }

    private void upsert(String collection, Document document) {
        mongo.findAndReplace(Query.query(Criteria.where("_id").is(document.get("_id"))), document,
                FindAndReplaceOptions.options().upsert(), Document.class, collection);
    }
}
