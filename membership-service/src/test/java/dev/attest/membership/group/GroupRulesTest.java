package dev.attest.membership.group;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.ClientLeft.Reason;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.MembershipDomain;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.group.GroupCommands.ChangeGroup;
import dev.attest.membership.group.GroupCommands.CreateGroup;
import dev.attest.membership.group.GroupCommands.DeleteGroup;
import dev.attest.membership.group.GroupEvents.GroupChanged;
import dev.attest.membership.membership.MembershipCommands.EndMembership;
import dev.attest.membership.membership.MembershipCommands.JoinGroup;
import dev.attest.membership.membership.MembershipCommands.LeaveGroup;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import dev.attest.membership.membership.MembershipEvents.GroupJoined;
import dev.attest.membership.membership.MembershipEvents.GroupLeft;
import dev.attest.membership.roster.Roster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The rules of groups and of belonging to them, on a real store with the roster written as in the service. */
class GroupRulesTest {

    MembershipDomain domain;

    @BeforeEach
    void setUp() {
        domain = new MembershipDomain();
        Administrator ada = new Administrator("ada@acme.test", "Ada", "Lovelace", "en");
        domain.commands.sendAndWait(new CreateClient("c1", "Acme", "admins", ada));
        domain.commands.sendAndWait(new CreateClient("c2", "Other", "other-admins", ada));
        domain.commands.sendAndWait(new StartMembership("m-ada", "ada", "c1", Kind.MAIN, List.of("admins")));
        domain.commands.sendAndWait(new CreateGroup("joiners", "c1", "Joiners", EnumSet.of(Permission.GROUPS_JOIN),
                false));
        domain.commands.sendAndWait(new CreateGroup("news", "c1", " Newsletter ", EnumSet.of(Permission.AUDIT_READ),
                true));
        domain.commands.sendAndWait(new CreateGroup("readers", "c1", "Readers", EnumSet.of(Permission.USERS_READ),
                false));
        domain.commands.sendAndWait(new StartMembership("m-bo", "bo", "c1", Kind.MAIN, List.of("joiners")));
    }

    @Test
    void aMemberJoinsAJoinableGroupAndGetsItsPermissionButNotANonJoinableOne() {
        domain.commands.sendAndWait(new JoinGroup("bo", "c1", "news", true));
        assertThat(domain.roster.permissionsOf("bo", "c1")).containsExactlyInAnyOrder(Permission.GROUPS_JOIN,
                Permission.AUDIT_READ);
        assertThat(domain.eventsOf("m-bo")).endsWith(new GroupJoined("m-bo", "bo", "c1", "news"));
        // Joining again changes nothing.
        domain.commands.sendAndWait(new JoinGroup("bo", "c1", "news", true));
        assertThat(domain.eventsOf("m-bo")).hasSize(2);

        assertRefused(() -> domain.commands.sendAndWait(new JoinGroup("bo", "c1", "readers", true)),
                "group-not-joinable");
        assertThat(domain.roster.permissionsOf("bo", "c1")).doesNotContain(Permission.USERS_READ);
        // A manager may put a member into any group of the client.
        domain.commands.sendAndWait(new JoinGroup("bo", "c1", "readers", false));
        assertThat(domain.roster.permissionsOf("bo", "c1")).contains(Permission.USERS_READ);

        domain.commands.sendAndWait(new LeaveGroup("bo", "c1", "news"));
        assertThat(domain.roster.permissionsOf("bo", "c1")).doesNotContain(Permission.AUDIT_READ);
        assertThat(domain.eventsOf("m-bo")).endsWith(new GroupLeft("m-bo", "bo", "c1", "news"));
        assertRefused(() -> domain.commands.sendAndWait(new LeaveGroup("bo", "c1", "news")), "not-a-group-member");
    }

    @Test
    void aGroupOfAnotherClientOrAnUnknownOneIsNotFoundAndAStrangerIsNoMember() {
        assertRefused(() -> domain.commands.sendAndWait(new JoinGroup("bo", "c1", "other-admins", false)),
                "group-not-found");
        assertRefused(() -> domain.commands.sendAndWait(new JoinGroup("bo", "c1", "no-such-group", false)),
                "group-not-found");
        assertRefused(() -> domain.commands.sendAndWait(new ChangeGroup("other-admins", "c1", "Mine", null, null)),
                "group-not-found");
        assertRefused(() -> domain.commands.sendAndWait(new DeleteGroup("other-admins", "c1")), "group-not-found");
        assertRefused(() -> domain.commands.sendAndWait(new JoinGroup("stranger", "c1", "news", true)),
                "member-not-found");
        assertThat(domain.roster.groupsOf("c2")).extracting(Roster.Group::name).containsExactly("Administrators");
    }

    @Test
    void noGroupThatGrantsAdministrationCanBeJoinable() {
        for (Permission administration : UserGroup.ADMINISTRATION) {
            assertRefused(() -> domain.commands.sendAndWait(new CreateGroup("g-" + administration, "c1", "Sneaky",
                    EnumSet.of(administration), true)), "joinable-administration");
            assertRefused(() -> domain.commands.sendAndWait(new ChangeGroup("news", "c1", null,
                    EnumSet.of(Permission.AUDIT_READ, administration), null)), "joinable-administration");
        }
        assertRefused(() -> domain.commands.sendAndWait(new ChangeGroup("admins", "c1", null, null, true)),
                "joinable-administration");
        assertThat(domain.roster.group("news", "c1").orElseThrow().permissions()).containsExactly(Permission.AUDIT_READ);
    }

    @Test
    void aChangeTakesEffectAtOnceAndOneThatChangesNothingStoresNothing() {
        domain.commands.sendAndWait(new ChangeGroup("joiners", "c1", "Joiners", null, null));
        assertThat(domain.eventsOf("joiners")).hasSize(1);
        domain.commands.sendAndWait(new ChangeGroup("joiners", "c1", "Everyone", EnumSet.of(Permission.USERS_READ),
                null));
        assertThat(domain.eventsOf("joiners")).endsWith(new GroupChanged("joiners", "c1", "Everyone",
                EnumSet.of(Permission.USERS_READ), false));
        assertThat(domain.roster.permissionsOf("bo", "c1")).containsExactly(Permission.USERS_READ);
        domain.commands.sendAndWait(new DeleteGroup("joiners", "c1"));
        assertThat(domain.roster.permissionsOf("bo", "c1")).isEmpty();
        assertThat(domain.roster.group("joiners", "c1")).isEmpty();
        assertRefused(() -> domain.commands.sendAndWait(new ChangeGroup("joiners", "c1", "Back", null, null)),
                "group-not-found");
    }

    @Test
    void theLastWhoCanManageGroupsCannotGoNorLoseThePermission() {
        assertRefused(() -> domain.commands.sendAndWait(new LeaveGroup("ada", "c1", "admins")), "last-group-manager");
        assertRefused(() -> domain.commands.sendAndWait(new ChangeGroup("admins", "c1", null,
                EnumSet.of(Permission.USERS_MANAGE), null)), "last-group-manager");
        assertRefused(() -> domain.commands.sendAndWait(new DeleteGroup("admins", "c1")), "last-group-manager");
        assertThat(domain.roster.groupManagersAfter("c1", Map.of(), null, Set.of())).containsExactly("ada");

        // With a second manager through another group, the first may go.
        domain.commands.sendAndWait(new CreateGroup("managers", "c1", "Managers",
                EnumSet.of(Permission.GROUPS_MANAGE), false));
        domain.commands.sendAndWait(new JoinGroup("bo", "c1", "managers", false));
        domain.commands.sendAndWait(new LeaveGroup("ada", "c1", "admins"));
        assertThat(domain.roster.permissionsOf("ada", "c1")).isEmpty();
        assertRefused(() -> domain.commands.sendAndWait(new DeleteGroup("managers", "c1")), "last-group-manager");
    }

    /**
     * Two managers leaving at once must not both pass the last-manager check: each command locks its client
     * first, so the second waits until the first has committed, then sees it.
     */
    @Test
    void aCommandAboutAClientWaitsForTheOneBeforeItToCommit() throws Exception {
        var release = new java.util.concurrent.CountDownLatch(1);
        var locked = new java.util.concurrent.CountDownLatch(1);
        var transactions = new org.springframework.transaction.support.TransactionTemplate(domain.springTransactions);
        Thread earlier = new Thread(() -> transactions.executeWithoutResult(status -> {
            domain.roster.lock("c1");
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        earlier.start();
        locked.await();
        var leaving = java.util.concurrent.CompletableFuture.runAsync(() ->
                domain.commands.sendAndWait(new JoinGroup("bo", "c1", "news", true)));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !leaving.isDone());
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(leaving::isDone);
        leaving.join();
        earlier.join();
        assertThat(domain.roster.permissionsOf("bo", "c1")).contains(Permission.AUDIT_READ);
    }

    @Test
    void theMainClientCannotBeLeftAndNoOneIsLeftWhoIsNotThere() {
        assertRefused(() -> domain.commands.sendAndWait(new EndMembership("bo", "c1", Reason.LEFT)), "main-client");
        assertRefused(() -> domain.commands.sendAndWait(new EndMembership("bo", "c2", Reason.LEFT)),
                "member-not-found");
        assertThat(domain.roster.membership("bo", "c1")).isPresent();
    }

    private static void assertRefused(Runnable command, String type) {
        assertThatThrownBy(command::run).isInstanceOfSatisfying(RuleViolation.class,
                refused -> assertThat(refused.type()).isEqualTo(type));
    }
}
