package dev.attest.membership.invitation;

import dev.attest.contracts.Permission;
import dev.attest.contracts.membership.v1.ClientLeft.Reason;
import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.MembershipDomain;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientCommands.CreateClient;
import dev.attest.membership.group.GroupCommands.CreateGroup;
import dev.attest.membership.group.GroupCommands.DeleteGroup;
import dev.attest.membership.invitation.InvitationCommands.AnswerInvitation;
import dev.attest.membership.invitation.InvitationCommands.DeliverInvitations;
import dev.attest.membership.invitation.InvitationCommands.RevokeInvitation;
import dev.attest.membership.invitation.InvitationCommands.SendInvitation;
import dev.attest.membership.invitation.InvitationEvents.InvitationDelivered;
import dev.attest.membership.membership.MembershipCommands.EndMembership;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import dev.attest.membership.membership.MembershipEvents.ClientLeft;
import dev.attest.membership.people.People.Person;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invitations on a real store with a clock the test moves: delivery, answers, expiry, revocation. */
class InvitationRulesTest {

    MembershipDomain domain;
    Instant expiry;

    @BeforeEach
    void setUp() {
        domain = new MembershipDomain();
        Administrator ada = new Administrator("ada@acme.test", "Ada", "Lovelace", "en");
        domain.commands.sendAndWait(new CreateClient("acme", "Acme", "acme-admins", ada));
        domain.commands.sendAndWait(new CreateClient("bank", "Bank", "bank-admins", ada));
        domain.commands.sendAndWait(new CreateGroup("guests", "acme", "Guests", EnumSet.of(Permission.USERS_READ),
                false));
        domain.people.put(new Person("ada", "ada@acme.test", "Ada", "Lovelace", "en"));
        domain.commands.sendAndWait(new StartMembership("m-ada", "ada", "acme", Kind.MAIN, List.of("acme-admins")));
        domain.people.put(new Person("bea", "bea@bank.test", "Bea", "Bauer", "de"));
        domain.commands.sendAndWait(new StartMembership("m-bea", "bea", "bank", Kind.MAIN, List.of()));
        expiry = domain.clock.instant().plus(Duration.ofDays(14));
    }

    @Test
    void anInvitationToAnAccountIsDeliveredAtOnceWithWhatItsMailSays() {
        invite("i1", "bea@bank.test");
        assertThat(domain.eventsOf("i1")).contains(new InvitationDelivered("i1", "acme", "bea", "bea@bank.test",
                "Bea", "de", "Acme", "Guests", "Ada Lovelace", expiry));
        assertThat(domain.invitations.inboxOf("bea", domain.clock.instant())).extracting(InvitationBook.Entry::invitationId)
                .containsExactly("i1");
        assertThat(domain.invitations.inboxOf("ada", domain.clock.instant())).isEmpty();
    }

    @Test
    void anInvitationToAnAddressWithoutAccountWaitsUnseenUntilOneHasIt() {
        invite("i1", "cem@later.test");
        assertThat(domain.eventsOf("i1")).hasSize(1);
        domain.commands.sendAndWait(new DeliverInvitations("cem@later.test"));
        assertThat(domain.eventsOf("i1")).as("no account has the address yet").hasSize(1);

        domain.people.put(new Person("cem", "cem@later.test", "Cem", "C", "en"));
        domain.commands.sendAndWait(new DeliverInvitations("CEM@later.test"));
        domain.commands.sendAndWait(new DeliverInvitations("cem@later.test"));
        assertThat(domain.eventsOf("i1")).filteredOn(InvitationDelivered.class::isInstance).hasSize(1);
        assertThat(domain.invitations.inboxOf("cem", domain.clock.instant())).hasSize(1);
    }

    @Test
    void onlyTheAddresseeAnswersAndOnlyOnce() {
        invite("i1", "bea@bank.test");
        assertRefused(() -> answer("i1", "ada", true), "invitation-not-found");
        assertRefused(() -> answer("no-such", "bea", true), "invitation-not-found");

        assertThat(domain.commands.<String>sendAndWait(new AnswerInvitation("i1", "bea", true))).isEqualTo("acme");
        assertThat(domain.roster.membership("bea", "acme")).hasValueSatisfying(m ->
                assertThat(m.kind()).isEqualTo("GUEST"));
        assertThat(domain.roster.permissionsOf("bea", "acme")).containsExactly(Permission.USERS_READ);
        assertRefused(() -> answer("i1", "bea", true), "invitation-answered");
        assertRefused(() -> answer("i1", "bea", false), "invitation-answered");
        assertThat(domain.invitations.inboxOf("bea", domain.clock.instant())).isEmpty();
    }

    @Test
    void aRejectedInvitationGrantsNothing() {
        invite("i1", "bea@bank.test");
        answer("i1", "bea", false);
        assertThat(domain.roster.membership("bea", "acme")).isEmpty();
        assertThat(domain.invitations.sentBy("acme", domain.clock.instant())).extracting(InvitationBook.Entry::status)
                .containsExactly("REJECTED");
    }

    @Test
    void anInvitationExpiresAndIsNoLongerListedOrAnswerable() {
        invite("i1", "bea@bank.test");
        domain.clock.advance(Duration.ofDays(14).minusSeconds(1));
        assertThat(domain.invitations.inboxOf("bea", domain.clock.instant())).hasSize(1);
        domain.clock.advance(Duration.ofSeconds(1));
        assertThat(domain.invitations.inboxOf("bea", domain.clock.instant())).isEmpty();
        assertRefused(() -> answer("i1", "bea", true), "invitation-expired");
        assertThat(domain.invitations.sentBy("acme", domain.clock.instant())).extracting(InvitationBook.Entry::status)
                .containsExactly("EXPIRED");
        // An expired invitation no longer blocks a new one.
        invite("i2", "bea@bank.test");
    }

    @Test
    void membersAndOpenInvitationsAreNotInvitedAgain() {
        assertRefused(() -> invite("i0", "ada@acme.test"), "already-a-member");
        invite("i1", "bea@bank.test");
        assertRefused(() -> invite("i2", "Bea@Bank.test"), "invitation-pending");
        answer("i1", "bea", true);
        assertRefused(() -> invite("i3", "bea@bank.test"), "already-a-member");
        assertRefused(() -> domain.commands.sendAndWait(new SendInvitation("i4", "acme", "bank-admins",
                "cem@later.test", "ada", expiry)), "group-not-found");
    }

    @Test
    void aRevokedInvitationCannotBeAnsweredAndOnlyItsClientRevokesIt() {
        invite("i1", "bea@bank.test");
        assertRefused(() -> domain.commands.sendAndWait(new RevokeInvitation("i1", "bank")), "invitation-not-found");
        domain.commands.sendAndWait(new RevokeInvitation("i1", "acme"));
        assertRefused(() -> answer("i1", "bea", true), "invitation-answered");
        assertRefused(() -> domain.commands.sendAndWait(new RevokeInvitation("i1", "acme")), "invitation-answered");
        assertThat(domain.invitations.inboxOf("bea", domain.clock.instant())).isEmpty();
    }

    @Test
    void anInvitationWhoseGroupWasDeletedCannotBeAccepted() {
        invite("i1", "bea@bank.test");
        domain.commands.sendAndWait(new DeleteGroup("guests", "acme"));
        assertRefused(() -> answer("i1", "bea", true), "invitation-group-deleted");
        assertThat(domain.roster.membership("bea", "acme")).isEmpty();
    }

    @Test
    void aGuestLeavesOrIsRemovedAndCanBeInvitedAgain() {
        invite("i1", "bea@bank.test");
        answer("i1", "bea", true);
        String membershipId = domain.roster.membership("bea", "acme").orElseThrow().membershipId();
        domain.commands.sendAndWait(new EndMembership("bea", "acme", Reason.LEFT));
        assertThat(domain.eventsOf(membershipId)).endsWith(new ClientLeft(membershipId, "bea", "acme", Reason.LEFT));
        assertThat(domain.roster.membership("bea", "acme")).isEmpty();
        assertThat(domain.roster.permissionsOf("bea", "acme")).isEmpty();

        invite("i2", "bea@bank.test");
        answer("i2", "bea", true);
        assertThat(domain.roster.membership("bea", "acme")).isPresent();
        domain.commands.sendAndWait(new EndMembership("bea", "acme", Reason.REMOVED));
        assertThat(domain.roster.membership("bea", "acme")).isEmpty();
        assertThat(domain.roster.membership("bea", "bank")).as("the main client stays").isPresent();
    }

    private void invite(String invitationId, String email) {
        domain.commands.sendAndWait(new SendInvitation(invitationId, "acme", "guests", email.toLowerCase(), "ada",
                domain.clock.instant().plus(Duration.ofDays(14))));
    }

    private void answer(String invitationId, String userId, boolean accept) {
        domain.commands.sendAndWait(new AnswerInvitation(invitationId, userId, accept));
    }

    private static void assertRefused(Runnable command, String type) {
        assertThatThrownBy(command::run).isInstanceOfSatisfying(RuleViolation.class,
                refused -> assertThat(refused.type()).isEqualTo(type));
    }
}
