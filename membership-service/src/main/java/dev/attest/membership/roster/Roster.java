package dev.attest.membership.roster;

import dev.attest.contracts.Permission;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.client.ClientEvents;
import dev.attest.membership.group.GroupEvents.GroupChanged;
import dev.attest.membership.group.GroupEvents.GroupCreated;
import dev.attest.membership.group.GroupEvents.GroupDeleted;
import dev.attest.membership.membership.MembershipEvents.ClientLeft;
import dev.attest.membership.membership.MembershipEvents.GroupJoined;
import dev.attest.membership.membership.MembershipEvents.GroupLeft;
import dev.attest.membership.membership.MembershipEvents.MembershipStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who belongs to which client and which of its groups, and what each group grants: tables in the event store's
 * database, written by a subscribing processor in the same transaction as the events. Every permission decision
 * of membership-service reads these, so a group changed or a member removed counts from the next request on,
 * and rules across aggregates (the last group manager, one live membership per user and client) see every
 * command before them.
 */
@Component
@ProcessingGroup(Roster.PROCESSING_GROUP)
public class Roster {

    public static final String PROCESSING_GROUP = "roster";

    /** A group of a client as it is now. */
    public record Group(String groupId, String clientId, String name, Set<Permission> permissions, boolean joinable,
                        int members) {
    }

    /** A user's live membership in a client. */
    public record Member(String membershipId, String userId, String clientId, String kind) {
    }

    private final JdbcTemplate jdbc;

    public Roster(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists roster_clients (client_id varchar(64) primary key, "
                + "name varchar(200) not null)");
        jdbc.execute("create table if not exists roster_groups (group_id varchar(64) primary key, "
                + "client_id varchar(64) not null, name varchar(200) not null, permissions varchar(500) not null, "
                + "joinable boolean not null)");
        jdbc.execute("create index if not exists roster_groups_client on roster_groups (client_id)");
        jdbc.execute("create table if not exists roster_memberships (membership_id varchar(64) primary key, "
                + "user_id varchar(64) not null, client_id varchar(64) not null, kind varchar(8) not null, "
                + "ended boolean not null)");
        jdbc.execute("create index if not exists roster_memberships_user on roster_memberships (user_id, client_id)");
        jdbc.execute("create table if not exists roster_group_members (group_id varchar(64) not null, "
                + "user_id varchar(64) not null, client_id varchar(64) not null, primary key (group_id, user_id))");
        jdbc.execute("create index if not exists roster_group_members_user on roster_group_members (user_id, client_id)");
    }

    // ---- reading

    public Optional<String> clientName(String clientId) {
        return jdbc.queryForList("select name from roster_clients where client_id = ?", String.class, clientId)
                .stream().findFirst();
    }

    /**
     * Holds the client's row until the transaction ends, so two commands that could together break a rule
     * about the whole client (the last group manager) run one after the other.
     */
    public void lock(String clientId) {
        jdbc.queryForList("select client_id from roster_clients where client_id = ? for update", String.class,
                clientId);
    }

    public Optional<Member> membership(String userId, String clientId) {
        return jdbc.query("select membership_id, user_id, client_id, kind from roster_memberships "
                        + "where user_id = ? and client_id = ? and ended = false",
                (row, n) -> new Member(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                userId, clientId).stream().findFirst();
    }

    /** The client's live guest memberships. */
    public List<Member> guestsOf(String clientId) {
        return jdbc.query("select membership_id, user_id, client_id, kind from roster_memberships "
                        + "where client_id = ? and kind = 'GUEST' and ended = false order by user_id",
                (row, n) -> new Member(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                clientId);
    }

    public Optional<Group> group(String groupId, String clientId) {
        return groups("g.group_id = ? and g.client_id = ?", groupId, clientId).stream().findFirst();
    }

    public List<Group> groupsOf(String clientId) {
        return groups("g.client_id = ?", clientId);
    }

    /** The groups {@code userId} is in, in {@code clientId}. */
    public List<Group> groupsOf(String userId, String clientId) {
        return groups("g.client_id = ? and g.group_id in (select group_id from roster_group_members "
                + "where user_id = ? and client_id = ?)", clientId, userId, clientId);
    }

    public List<String> membersOf(String groupId) {
        return jdbc.queryForList("select user_id from roster_group_members where group_id = ? order by user_id",
                String.class, groupId);
    }

    /** The union of what the user's groups grant in the client; nothing without a live membership. */
    public Set<Permission> permissionsOf(String userId, String clientId) {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        groupsOf(userId, clientId).forEach(group -> granted.addAll(group.permissions()));
        return granted;
    }

    /**
     * Whether the caller holds {@code permission} in its active client. An API token holds every permission of
     * the catalogue in its user's main client, the only client it acts in, whatever the groups say.
     */
    public boolean holds(Caller caller, Permission permission) {
        return caller.api() || permissionsOf(caller.userId(), caller.requireClient()).contains(permission);
    }

    /** Says 403 unless the caller {@link #holds} {@code permission}. */
    public void require(Caller caller, Permission permission) {
        if (!holds(caller, permission)) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "missing-permission",
                    "This needs the permission " + permission + " in the active client.");
        }
    }

    /**
     * The users who would hold GROUPS_MANAGE in the client if the groups in {@code permissionsAfter} granted
     * those permissions instead (none for a deleted group) and {@code userLeaving} were no longer in
     * {@code groupsLeft} (all groups of the client when null).
     */
    public Set<String> groupManagersAfter(String clientId, Map<String, Set<Permission>> permissionsAfter,
                                          String userLeaving, Set<String> groupsLeft) {
        return groupManagers(clientId, permissionsAfter, userLeaving, groupsLeft).after();
    }

    private record Managers(Set<String> now, Set<String> after) {
    }

    /** The client's group managers now, and as {@link #groupManagersAfter} would have them, in one read. */
    private Managers groupManagers(String clientId, Map<String, Set<Permission>> permissionsAfter,
                                        String userLeaving, Set<String> groupsLeft) {
        Map<String, Set<Permission>> grantsNow = new HashMap<>();
        groupsOf(clientId).forEach(group -> grantsNow.put(group.groupId(), group.permissions()));
        Map<String, Set<Permission>> grantsAfter = new HashMap<>(grantsNow);
        grantsAfter.putAll(permissionsAfter);
        Set<String> now = new HashSet<>();
        Set<String> after = new HashSet<>();
        jdbc.query("select group_id, user_id from roster_group_members where client_id = ?", row -> {
            String groupId = row.getString(1);
            String userId = row.getString(2);
            if (grantsNow.getOrDefault(groupId, Set.of()).contains(Permission.GROUPS_MANAGE)) {
                now.add(userId);
            }
            boolean leaves = userId.equals(userLeaving) && (groupsLeft == null || groupsLeft.contains(groupId));
            if (!leaves && grantsAfter.getOrDefault(groupId, Set.of()).contains(Permission.GROUPS_MANAGE)) {
                after.add(userId);
            }
        }, clientId);
        return new Managers(now, after);
    }

    /**
     * Says 409 if the change described as for {@link #groupManagersAfter} would leave a client that has someone
     * to manage its groups with no one.
     */
    public void requireAGroupManagerRemains(String clientId, Map<String, Set<Permission>> permissionsAfter,
                                            String userLeaving, Set<String> groupsLeft) {
        Managers managers = groupManagers(clientId, permissionsAfter, userLeaving, groupsLeft);
        if (!managers.now().isEmpty() && managers.after().isEmpty()) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "last-group-manager",
                    "This would leave the client with no one who holds GROUPS_MANAGE; give it to someone else first.");
        }
    }

    private List<Group> groups(String where, Object... arguments) {
        return jdbc.query("select g.group_id, g.client_id, g.name, g.permissions, g.joinable, "
                        + "(select count(*) from roster_group_members m where m.group_id = g.group_id) "
                        + "from roster_groups g where " + where + " order by g.name, g.group_id",
                (row, n) -> new Group(row.getString(1), row.getString(2), row.getString(3),
                        permissions(row.getString(4)), row.getBoolean(5), row.getInt(6)), arguments);
    }

    private static Set<Permission> permissions(String stored) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        if (!stored.isEmpty()) {
            Arrays.stream(stored.split(",")).map(Permission::valueOf).forEach(permissions::add);
        }
        return permissions;
    }

    private static String stored(Set<Permission> permissions) {
        return permissions.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    // ---- writing, in the transaction of the events (delete, then insert: the same on H2 and PostgreSQL)

    @EventHandler
    void on(ClientEvents.ClientCreated event) {
        jdbc.update("delete from roster_clients where client_id = ?", event.clientId());
        jdbc.update("insert into roster_clients (client_id, name) values (?, ?)", event.clientId(), event.name());
    }

    /** Stored before groups had an aggregate of their own. */
    @EventHandler
    void on(ClientEvents.UserGroupCreated event) {
        putGroup(event.groupId(), event.clientId(), event.name(), event.permissions(), false);
    }

    @EventHandler
    void on(GroupCreated event) {
        putGroup(event.groupId(), event.clientId(), event.name(), event.permissions(), event.joinable());
    }

    @EventHandler
    void on(GroupChanged event) {
        putGroup(event.groupId(), event.clientId(), event.name(), event.permissions(), event.joinable());
    }

    @EventHandler
    void on(GroupDeleted event) {
        jdbc.update("delete from roster_group_members where group_id = ?", event.groupId());
        jdbc.update("delete from roster_groups where group_id = ?", event.groupId());
    }

    @EventHandler
    void on(MembershipStarted event) {
        jdbc.update("delete from roster_memberships where membership_id = ?", event.membershipId());
        jdbc.update("insert into roster_memberships (membership_id, user_id, client_id, kind, ended) "
                + "values (?, ?, ?, ?, false)", event.membershipId(), event.userId(), event.clientId(),
                event.kind().name());
        event.groupIds().forEach(groupId -> putMember(groupId, event.userId(), event.clientId()));
    }

    @EventHandler
    void on(GroupJoined event) {
        putMember(event.groupId(), event.userId(), event.clientId());
    }

    @EventHandler
    void on(GroupLeft event) {
        jdbc.update("delete from roster_group_members where group_id = ? and user_id = ?", event.groupId(),
                event.userId());
    }

    @EventHandler
    void on(ClientLeft event) {
        jdbc.update("update roster_memberships set ended = true where membership_id = ?", event.membershipId());
        jdbc.update("delete from roster_group_members where user_id = ? and client_id = ?", event.userId(),
                event.clientId());
    }

    private void putGroup(String groupId, String clientId, String name, Set<Permission> permissions,
                          boolean joinable) {
        jdbc.update("delete from roster_groups where group_id = ?", groupId);
        jdbc.update("insert into roster_groups (group_id, client_id, name, permissions, joinable) "
                + "values (?, ?, ?, ?, ?)", groupId, clientId, name, stored(permissions), joinable);
    }

    private void putMember(String groupId, String userId, String clientId) {
        jdbc.update("delete from roster_group_members where group_id = ? and user_id = ?", groupId, userId);
        jdbc.update("insert into roster_group_members (group_id, user_id, client_id) values (?, ?, ?)", groupId,
                userId, clientId);
    }
}
