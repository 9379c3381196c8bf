package dev.attest.identity.access;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * identity-service's own projection of membership-service's events: which groups grant what, and who is
 * in which groups of which client. Permission decisions read only this. Writes are upserts by id, so a
 * redelivered event changes nothing.
 */
@Component
public class AccessFacts {

    static final String GROUPS = "access_groups";
    static final String MEMBERSHIPS = "access_memberships";

    private final MongoTemplate mongo;

    public AccessFacts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void record(UserGroupCreated event) {
        upsert(GROUPS, new Document("_id", event.groupId()).append("clientId", event.clientId())
                .append("name", event.name())
                .append("permissions", event.permissions().stream().map(Enum::name).toList()));
    }

    public void record(MembershipStarted event) {
        upsert(MEMBERSHIPS, new Document("_id", event.membershipId()).append("userId", event.userId())
                .append("clientId", event.clientId()).append("kind", event.kind().name())
                .append("groupIds", event.groupIds()));
    }

    public Set<Permission> permissionsOf(String userId, String clientId) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (Document membership : mongo.find(Query.query(Criteria.where("userId").is(userId)
                .and("clientId").is(clientId)), Document.class, MEMBERSHIPS)) {
            List<String> groupIds = membership.getList("groupIds", String.class);
            for (Document group : mongo.find(Query.query(Criteria.where("_id").in(groupIds)
                    .and("clientId").is(clientId)), Document.class, GROUPS)) {
                group.getList("permissions", String.class).forEach(p -> granted.add(Permission.valueOf(p)));
            }
        }
        return granted;
    }

    /** Says 403 unless the caller holds {@code permission} in its active client. */
    public void require(Caller caller, Permission permission) {
        String clientId = caller.requireClient();
        if (!permissionsOf(caller.userId(), clientId).contains(permission)) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "missing-permission",
                    "This needs the permission " + permission + " in the active client.");
        }
    }

    public boolean isGroupOf(String groupId, String clientId) {
        return mongo.exists(Query.query(Criteria.where("_id").is(groupId).and("clientId").is(clientId)), GROUPS);
    }

    private void upsert(String collection, Document document) {
        mongo.findAndReplace(Query.query(Criteria.where("_id").is(document.get("_id"))), document,
                FindAndReplaceOptions.options().upsert(), Document.class, collection);
    }
}
