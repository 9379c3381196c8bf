package dev.attest.membership.group;

import dev.attest.contracts.Permission;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.membership.group.GroupCommands.ChangeGroup;
import dev.attest.membership.group.GroupCommands.CreateGroup;
import dev.attest.membership.group.GroupCommands.DeleteGroup;
import dev.attest.membership.membership.MembershipCommands.JoinGroup;
import dev.attest.membership.membership.MembershipCommands.LeaveGroup;
import dev.attest.membership.roster.Roster;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A client's user groups, always those of the caller's active client: reading with USERS_READ (or
 * GROUPS_MANAGE), everything else with GROUPS_MANAGE. A group of another client is not found.
 */
@RestController
public class GroupController {

    static final String TEXT = "^[^\\p{Cntrl}]*$";

    public record NewGroup(@NotBlank @Size(max = 100) @Pattern(regexp = TEXT) String name,
                           @NotNull Set<@NotNull Permission> permissions, Boolean joinable) {
    }

    public record GroupChange(@Size(min = 1, max = 100) @Pattern(regexp = "^[^\\p{Cntrl}]*\\S[^\\p{Cntrl}]*$")
                              String name, Set<@NotNull Permission> permissions, Boolean joinable) {
    }

    public record GroupView(String id, String name, List<Permission> permissions, boolean joinable, int members) {

        static GroupView of(Roster.Group group) {
            return new GroupView(group.groupId(), group.name(), group.permissions().stream().sorted().toList(),
                    group.joinable(), group.members());
        }
    }

    public record GroupDetails(String id, String name, List<Permission> permissions, boolean joinable,
                               List<String> memberIds) {
    }

    private final CommandGateway commands;
    private final Roster roster;

    public GroupController(CommandGateway commands, Roster roster) {
        this.commands = commands;
        this.roster = roster;
    }

    @PostMapping("/api/v1/groups")
    public ResponseEntity<GroupView> create(Caller caller, @Valid @RequestBody NewGroup request) {
        roster.require(caller, Permission.GROUPS_MANAGE);
        String groupId = UUID.randomUUID().toString();
        commands.sendAndWait(Causation.byUser(caller.userId(), new CreateGroup(groupId, caller.clientId(),
                request.name(), request.permissions(), Boolean.TRUE.equals(request.joinable()))));
        return ResponseEntity.created(URI.create("/api/v1/groups/" + groupId)).body(view(caller, groupId));
    }

    @GetMapping("/api/v1/groups")
    public Map<String, List<GroupView>> list(Caller caller) {
        requireReader(caller);
        return Map.of("items", roster.groupsOf(caller.clientId()).stream().map(GroupView::of).toList());
    }

    @GetMapping("/api/v1/groups/{groupId}")
    public GroupDetails get(Caller caller, @PathVariable String groupId) {
        requireReader(caller);
        Roster.Group group = roster.group(groupId, caller.clientId()).orElseThrow(UserGroup::notFound);
        return new GroupDetails(group.groupId(), group.name(), group.permissions().stream().sorted().toList(),
                group.joinable(), roster.membersOf(groupId));
    }

    @PatchMapping("/api/v1/groups/{groupId}")
    public GroupView change(Caller caller, @PathVariable String groupId, @Valid @RequestBody GroupChange request) {
        roster.require(caller, Permission.GROUPS_MANAGE);
        commands.sendAndWait(Causation.byUser(caller.userId(), new ChangeGroup(groupId, caller.clientId(),
                request.name(), request.permissions(), request.joinable())));
        return view(caller, groupId);
    }

    @DeleteMapping("/api/v1/groups/{groupId}")
    public ResponseEntity<Void> delete(Caller caller, @PathVariable String groupId) {
        roster.require(caller, Permission.GROUPS_MANAGE);
        commands.sendAndWait(Causation.byUser(caller.userId(), new DeleteGroup(groupId, caller.clientId())));
        return ResponseEntity.noContent().build();
    }

    /** A manager puts a member of the client into a group, joinable or not. */
    @PutMapping("/api/v1/groups/{groupId}/members/{userId}")
    public ResponseEntity<Void> assign(Caller caller, @PathVariable String groupId, @PathVariable String userId) {
        roster.require(caller, Permission.GROUPS_MANAGE);
        commands.sendAndWait(Causation.byUser(caller.userId(), new JoinGroup(userId, caller.clientId(), groupId,
                false)));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/groups/{groupId}/members/{userId}")
    public ResponseEntity<Void> remove(Caller caller, @PathVariable String groupId, @PathVariable String userId) {
        roster.require(caller, Permission.GROUPS_MANAGE);
        commands.sendAndWait(Causation.byUser(caller.userId(), new LeaveGroup(userId, caller.clientId(), groupId)));
        return ResponseEntity.noContent().build();
    }

    private void requireReader(Caller caller) {
        if (!roster.holds(caller, Permission.GROUPS_MANAGE)) {
            roster.require(caller, Permission.USERS_READ);
        }
    }

    private GroupView view(Caller caller, String groupId) {
        return GroupView.of(roster.group(groupId, caller.clientId()).orElseThrow(UserGroup::notFound));
    }
}
