package dev.attest.membership.membership;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.ClientLeft.Reason;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.membership.membership.MembershipCommands.EndMembership;
import dev.attest.membership.membership.MembershipCommands.JoinGroup;
import dev.attest.membership.membership.MembershipCommands.LeaveGroup;
import dev.attest.membership.people.People;
import dev.attest.membership.roster.Roster;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller's own belonging: their groups in the active client, joining and leaving them, and leaving a guest
 * client. Administrators see their client's guests and end a guest's membership here too.
 */
@RestController
public class MembershipController {

    /** A group as the caller sees it: {@code member} if they are in it; others are listed when they may join. */
    public record MyGroup(String id, String name, List<Permission> permissions, boolean joinable, boolean member) {
    }

    /** A guest of the client, as its administrators see it. */
    public record Guest(String userId, String email, String firstName, String lastName, List<String> groupIds) {
    }

    private final CommandGateway commands;
    private final Roster roster;
    private final People people;

    public MembershipController(CommandGateway commands, Roster roster, People people) {
        this.people = people;
        this.commands = commands;
        this.roster = roster;
    }

    /** The caller's groups in the active client, then those they may join (with GROUPS_JOIN). */
    @GetMapping("/api/v1/me/groups")
    public Map<String, List<MyGroup>> myGroups(Caller caller) {
        String clientId = caller.requireClient();
        Set<String> mine = new java.util.HashSet<>();
        List<MyGroup> groups = new java.util.ArrayList<>();
        for (Roster.Group group : roster.groupsOf(caller.userId(), clientId)) {
            mine.add(group.groupId());
            groups.add(view(group, true));
        }
        if (roster.holds(caller, Permission.GROUPS_JOIN)) {
            roster.groupsOf(clientId).stream().filter(g -> g.joinable() && !mine.contains(g.groupId()))
                    .forEach(group -> groups.add(view(group, false)));
        }
        return Map.of("items", groups);
    }

    @PutMapping("/api/v1/me/groups/{groupId}")
    public ResponseEntity<Void> join(Caller caller, @PathVariable String groupId) {
        roster.require(caller, Permission.GROUPS_JOIN);
        commands.sendAndWait(Causation.byUser(caller.userId(), new JoinGroup(caller.userId(), caller.clientId(),
                groupId, true)));
        return ResponseEntity.noContent().build();
    }

    /** Leaving needs no permission: anyone may leave a group, unless they are the last who can manage groups. */
    @DeleteMapping("/api/v1/me/groups/{groupId}")
    public ResponseEntity<Void> leave(Caller caller, @PathVariable String groupId) {
        commands.sendAndWait(Causation.byUser(caller.userId(), new LeaveGroup(caller.userId(), caller.requireClient(),
                groupId)));
        return ResponseEntity.noContent().build();
    }

    /** Leaves a guest client, whichever client the session acts in. */
    @DeleteMapping("/api/v1/me/clients/{clientId}")
    public ResponseEntity<Void> leaveClient(Caller caller, @PathVariable String clientId) {
        caller.requireInteractive();
        commands.sendAndWait(Causation.byUser(caller.userId(), new EndMembership(caller.userId(), clientId,
                Reason.LEFT)));
        return ResponseEntity.noContent().build();
    }

    /** The active client's guests, for its administrators to see who they let in (and let go). */
    @GetMapping("/api/v1/clients/{clientId}/guests")
    public Map<String, List<Guest>> guests(Caller caller, @PathVariable String clientId) {
        caller.requireActiveClient(clientId);
        roster.require(caller, Permission.USERS_READ);
        return Map.of("items", roster.guestsOf(clientId).stream().map(guest -> {
            var person = people.byId(guest.userId());
            return new Guest(guest.userId(), person.map(People.Person::email).orElse(null),
                    person.map(People.Person::firstName).orElse(null), person.map(People.Person::lastName).orElse(null),
                    roster.groupsOf(guest.userId(), clientId).stream().map(Roster.Group::groupId).toList());
        }).toList());
    }

    /** An administrator of the active client ends a guest's membership in it. */
    @DeleteMapping("/api/v1/clients/{clientId}/guests/{userId}")
    public ResponseEntity<Void> removeGuest(Caller caller, @PathVariable String clientId,
                                            @PathVariable String userId) {
        caller.requireActiveClient(clientId);
        roster.require(caller, Permission.USERS_MANAGE);
        commands.sendAndWait(Causation.byUser(caller.userId(), new EndMembership(userId, clientId,
                Reason.REMOVED)));
        return ResponseEntity.noContent().build();
    }

    private static MyGroup view(Roster.Group group, boolean member) {
        return new MyGroup(group.groupId(), group.name(), group.permissions().stream().sorted().toList(),
                group.joinable(), member);
    }
}
