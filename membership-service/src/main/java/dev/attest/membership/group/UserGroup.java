package dev.attest.membership.group;

import dev.attest.contracts.Permission;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.group.GroupCommands.ChangeGroup;
import dev.attest.membership.group.GroupEvents.GroupChanged;
import dev.attest.membership.group.GroupEvents.GroupCreated;
import dev.attest.membership.group.GroupEvents.GroupDeleted;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A user group of one client: its name, the permissions it grants there, and whether members may join it. */
@Aggregate
public class UserGroup {

    /** Permissions no one may join their way to: a group granting one of them is never joinable. */
    public static final Set<Permission> ADMINISTRATION = Collections.unmodifiableSet(
            EnumSet.of(Permission.USERS_MANAGE, Permission.GROUPS_MANAGE, Permission.USERS_INVITE));

    @AggregateIdentifier
    private String groupId;
    private String clientId;
    private String name;
    private Set<Permission> permissions;
    private boolean joinable;
    private boolean deleted;

    protected UserGroup() {
        // for Axon
    }

    public UserGroup(String groupId, String clientId, String name, Set<Permission> permissions, boolean joinable) {
        requireNotJoinableAdministration(permissions, joinable);
        apply(new GroupCreated(groupId, clientId, name.strip(), copy(permissions), joinable));
    }

    /** Whether this group exists (not deleted) and belongs to {@code candidateClientId}. */
    public boolean isIn(String candidateClientId) {
        return !deleted && clientId.equals(candidateClientId);
    }

    public boolean joinable() {
        return joinable;
    }

    public Set<Permission> permissions() {
        return Collections.unmodifiableSet(permissions);
    }

    /** What the group would grant after {@code change}; nothing once deleted. */
    public Set<Permission> permissionsAfter(ChangeGroup change) {
        return change.permissions() == null ? permissions() : copy(change.permissions());
    }

    void change(ChangeGroup change) {
        requireIn(change.clientId());
        String newName = change.name() == null ? name : change.name().strip();
        Set<Permission> newPermissions = permissionsAfter(change);
        boolean newJoinable = change.joinable() == null ? joinable : change.joinable();
        requireNotJoinableAdministration(newPermissions, newJoinable);
        if (newName.equals(name) && newPermissions.equals(permissions) && newJoinable == joinable) {
            return;
        }
        apply(new GroupChanged(groupId, clientId, newName, newPermissions, newJoinable));
    }

    void delete(String inClientId) {
        requireIn(inClientId);
        apply(new GroupDeleted(groupId, clientId));
    }

    /** A deleted group and a group of another client look alike: not found. */
    public void requireIn(String inClientId) {
        if (!isIn(inClientId)) {
            throw notFound();
        }
    }

    public static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "group-not-found",
                "There is no such group in the active client.");
    }

    private static void requireNotJoinableAdministration(Set<Permission> permissions, boolean joinable) {
        if (joinable && permissions.stream().anyMatch(ADMINISTRATION::contains)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "joinable-administration",
                    "A group that grants USERS_MANAGE, GROUPS_MANAGE or USERS_INVITE cannot be joinable.");
        }
    }

    private static Set<Permission> copy(Set<Permission> permissions) {
        return permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
    }

    @EventSourcingHandler
    void on(GroupCreated event) {
        groupId = event.groupId();
        clientId = event.clientId();
        name = event.name();
        permissions = copy(event.permissions());
        joinable = event.joinable();
    }

    @EventSourcingHandler
    void on(GroupChanged event) {
        name = event.name();
        permissions = copy(event.permissions());
        joinable = event.joinable();
    }

    @EventSourcingHandler
    void on(GroupDeleted event) {
        deleted = true;
    }
}
