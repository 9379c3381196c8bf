package dev.attest.membership.group;

import dev.attest.membership.group.GroupCommands.ChangeGroup;
import dev.attest.membership.group.GroupCommands.CreateGroup;
import dev.attest.membership.group.GroupCommands.DeleteGroup;
import dev.attest.membership.roster.Roster;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;

/**
 * Creating, changing and deleting groups. A change that would take GROUPS_MANAGE from the last people who
 * hold it is refused; the client is locked meanwhile, so two such changes cannot both pass.
 */
@Component
public class GroupAdministration {

    private final Repository<UserGroup> groups;
    private final Roster roster;

    public GroupAdministration(Repository<UserGroup> groups, Roster roster) {
        this.groups = groups;
        this.roster = roster;
    }

    @CommandHandler
    public void handle(CreateGroup command) throws Exception {
        groups.newInstance(() -> new UserGroup(command.groupId(), command.clientId(), command.name(),
                command.permissions(), command.joinable()));
    }

    @CommandHandler
    public void handle(ChangeGroup command) {
        roster.lock(command.clientId());
        load(command.groupId()).execute(group -> {
            group.requireIn(command.clientId());
            roster.requireAGroupManagerRemains(command.clientId(),
                    Map.of(command.groupId(), group.permissionsAfter(command)), null, Set.of());
            group.change(command);
        });
    }

    @CommandHandler
    public void handle(DeleteGroup command) {
        roster.lock(command.clientId());
        load(command.groupId()).execute(group -> {
            group.requireIn(command.clientId());
            roster.requireAGroupManagerRemains(command.clientId(), Map.of(command.groupId(), Set.of()), null,
                    Set.of());
            group.delete(command.clientId());
        });
    }

    /** The group, or 404 for an id that names none. */
    public Aggregate<UserGroup> load(String groupId) {
        try {
            return groups.load(groupId);
        } catch (AggregateNotFoundException unknown) {
            throw UserGroup.notFound();
        }
    }
}
