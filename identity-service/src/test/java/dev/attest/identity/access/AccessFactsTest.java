package dev.attest.identity.access;

import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.GroupLeft;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupChanged;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.contracts.membership.v1.UserGroupDeleted;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessFactsTest {

    final MongoServer server = new MongoServer(new MemoryBackend());
    final MongoTemplate mongo = new MongoTemplate(MongoClients.create(server.bindAndGetConnectionString()), "test");
    final AccessFacts access = new AccessFacts(mongo);

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    @Test
    void permissionsAreTheUnionOfTheUsersGroupsInThatClientOnly() {
        access.record(group("readers", "c1", EnumSet.of(Permission.USERS_READ)));
        access.record(group("joiners", "c1", EnumSet.of(Permission.GROUPS_JOIN)));
        access.record(group("admins", "c2", EnumSet.allOf(Permission.class)));
        access.record(membership("m1", "u1", "c1", List.of("readers", "joiners", "admins")));

        assertThat(access.permissionsOf("u1", "c1")).containsExactlyInAnyOrder(Permission.USERS_READ,
                Permission.GROUPS_JOIN);
        assertThat(access.permissionsOf("u1", "c2")).isEmpty();
        assertThat(access.permissionsOf("u2", "c1")).isEmpty();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        UserGroupCreated readers = group("readers", "c1", EnumSet.of(Permission.USERS_READ));
        MembershipStarted membership = membership("m1", "u1", "c1", List.of("readers"));
        access.record(readers);
        access.record(membership);
        access.record(readers);
        access.record(membership);
        assertThat(mongo.getCollection(AccessFacts.GROUPS).countDocuments()).isEqualTo(1);
        assertThat(mongo.getCollection(AccessFacts.MEMBERSHIPS).countDocuments()).isEqualTo(1);
    }

    @Test
    void joiningLeavingAndChangedGroupsCountAtOnceAndALeftClientGrantsNothing() {
        access.record(group("readers", "c1", EnumSet.of(Permission.USERS_READ)));
        access.record(group("joiners", "c1", EnumSet.of(Permission.GROUPS_JOIN)));
        access.record(new MembershipStarted(context("m1", "c1"), "m1", "u1", "c1", MembershipStarted.Kind.GUEST,
                List.of("joiners")));
        access.record(new GroupJoined(context("m1", "c1"), "m1", "u1", "c1", "readers"));
        assertThat(access.permissionsOf("u1", "c1")).containsExactlyInAnyOrder(Permission.USERS_READ,
                Permission.GROUPS_JOIN);

        access.record(new UserGroupChanged(context("readers", "c1"), "readers", "c1", "Readers",
                EnumSet.of(Permission.AUDIT_READ), false));
        access.record(new GroupLeft(context("m1", "c1"), "m1", "u1", "c1", "joiners"));
        assertThat(access.permissionsOf("u1", "c1")).containsExactly(Permission.AUDIT_READ);
        access.record(new UserGroupDeleted(context("readers", "c1"), "readers", "c1"));
        assertThat(access.permissionsOf("u1", "c1")).isEmpty();

        assertThat(access.hasLeft("u1", "c1")).isFalse();
        access.record(new GroupJoined(context("m1", "c1"), "m1", "u1", "c1", "joiners"));
        access.record(new ClientLeft(context("m1", "c1"), "m1", "u1", "c1", ClientLeft.Reason.LEFT));
        assertThat(access.permissionsOf("u1", "c1")).isEmpty();
        assertThat(access.membershipKind("u1", "c1")).isEmpty();
        assertThat(access.clientsOf("u1")).isEmpty();
        assertThat(access.hasLeft("u1", "c1")).isTrue();

        // Invited again and accepted: a new membership, and the client is the user's again.
        access.record(new MembershipStarted(context("m2", "c1"), "m2", "u1", "c1", MembershipStarted.Kind.GUEST,
                List.of("joiners")));
        assertThat(access.hasLeft("u1", "c1")).isFalse();
        assertThat(access.permissionsOf("u1", "c1")).containsExactly(Permission.GROUPS_JOIN);
    }

    @Test
    void requireSaysForbiddenWithoutThePermission() {
        access.record(group("readers", "c1", EnumSet.of(Permission.USERS_READ)));
        access.record(membership("m1", "u1", "c1", List.of("readers")));
        Caller reader = new Caller("u1", "c1", "MAIN", "interactive", false, "s1");

        access.require(reader, Permission.USERS_READ);
        assertThatThrownBy(() -> access.require(reader, Permission.USERS_MANAGE)).isInstanceOf(RuleViolation.class)
                .hasMessageContaining("USERS_MANAGE");
        assertThatThrownBy(() -> access.require(new Caller("op", null, null, "interactive", true, "s2"),
                Permission.USERS_READ)).isInstanceOf(RuleViolation.class);
    }

    private static UserGroupCreated group(String id, String clientId, EnumSet<Permission> permissions) {
        return new UserGroupCreated(context(id, clientId), id, clientId, id, permissions, false);
    }

    private static MembershipStarted membership(String id, String userId, String clientId, List<String> groups) {
        return new MembershipStarted(context(id, clientId), id, userId, clientId, MembershipStarted.Kind.MAIN, groups);
    }

    private static EventContext context(String aggregateId, String clientId) {
        return new EventContext(UUID.randomUUID(), Instant.now(), aggregateId, clientId, "system", "c");
    }
}
