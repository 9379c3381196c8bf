package dev.attest.membership.invitation;

import dev.attest.contracts.membership.v1.MembershipStarted.Kind;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.group.GroupAdministration;
import dev.attest.membership.group.UserGroup;
import dev.attest.membership.invitation.InvitationCommands.AnswerInvitation;
import dev.attest.membership.invitation.InvitationCommands.DeliverInvitations;
import dev.attest.membership.invitation.InvitationCommands.RevokeInvitation;
import dev.attest.membership.invitation.InvitationCommands.SendInvitation;
import dev.attest.membership.invitation.InvitationEvents.InvitationDelivered;
import dev.attest.membership.membership.MembershipAdmission;
import dev.attest.membership.membership.MembershipCommands.StartMembership;
import dev.attest.membership.people.People;
import dev.attest.membership.roster.Roster;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Sending, delivering, answering and revoking invitations: the rules that need more than one invitation. */
@Component
public class Invitations {

    private final Repository<Invitation> invitations;
    private final GroupAdministration groups;
    private final Roster roster;
    private final People people;
    private final InvitationBook book;
    private final MembershipAdmission admission;
    private final Clock clock;

    public Invitations(Repository<Invitation> invitations, GroupAdministration groups, Roster roster,
                       People people, InvitationBook book, MembershipAdmission admission, Clock clock) {
        this.admission = admission;
        this.invitations = invitations;
        this.groups = groups;
        this.roster = roster;
        this.people = people;
        this.book = book;
        this.clock = clock;
    }

    /**
     * Refused only for what the inviter may know: a group not of the client, a current member, an invitation
     * still open. Whether the address has an account changes nothing in the answer.
     */
    @CommandHandler
    public void handle(SendInvitation command) throws Exception {
        roster.lock(command.clientId());
        groups.load(command.groupId()).execute(group -> group.requireIn(command.clientId()));
        var addressee = people.byEmail(command.email());
        if (addressee.flatMap(person -> roster.membership(person.userId(), command.clientId())).isPresent()) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "already-a-member",
                    "This address belongs to a member of the client already.");
        }
        if (book.hasOpen(command.clientId(), command.email(), clock.instant())) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "invitation-pending",
                    "An invitation to this address is open already; revoke it to send a new one.");
        }
        Aggregate<Invitation> invitation = invitations.newInstance(() -> new Invitation(command.invitationId(),
                command.clientId(), command.groupId(), command.email(), command.inviterId(), command.expiresAt()));
        addressee.ifPresent(person -> invitation.execute(it -> deliver(it, person)));
    }

    @CommandHandler
    public void handle(DeliverInvitations command) {
        people.byEmail(command.email()).ifPresent(person -> {
            for (String invitationId : book.waitingFor(People.normalize(command.email()), clock.instant())) {
                invitations.load(invitationId).execute(invitation -> {
                    if (invitation.waitsForDelivery(clock.instant())) {
                        deliver(invitation, person);
                    }
                });
            }
        });
    }

    /** @return the client of the invitation */
    @CommandHandler
    public String handle(AnswerInvitation command) throws Exception {
        Aggregate<Invitation> invitation = load(command.invitationId());
        String clientId = invitation.invoke(Invitation::clientId);
        if (!command.accept()) {
            invitation.execute(it -> it.reject(command.userId(), clock.instant()));
            return clientId;
        }
        roster.lock(clientId);
        invitation.execute(it -> it.requireAnswerableBy(command.userId(), clock.instant()));
        if (roster.membership(command.userId(), clientId).isPresent()) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "already-a-member",
                    "You are a member of this client already.");
        }
        String groupId = invitation.invoke(Invitation::groupId);
        if (roster.group(groupId, clientId).isEmpty()) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "invitation-group-deleted",
                    "The group this invitation was for no longer exists; ask for a new invitation.");
        }
        // One guest membership per invitation: a second acceptance finds the invitation answered.
        String membershipId = UUID.nameUUIDFromBytes(("guest:" + command.invitationId())
                .getBytes(StandardCharsets.UTF_8)).toString();
        invitation.execute(it -> it.accept(command.userId(), membershipId, clock.instant()));
        admission.handle(new StartMembership(membershipId, command.userId(), clientId, Kind.GUEST,
                List.of(groupId)));
        return clientId;
    }

    @CommandHandler
    public void handle(RevokeInvitation command) {
        load(command.invitationId()).execute(it -> it.revoke(command.clientId()));
    }

    private void deliver(Invitation invitation, People.Person to) {
        String clientName = roster.clientName(invitation.clientId()).orElse("");
        String groupName = roster.group(invitation.groupId(), invitation.clientId()).map(Roster.Group::name)
                .orElse("");
        String inviterName = people.byId(invitation.inviterId()).map(People.Person::fullName).orElse(clientName);
        invitation.deliver(new InvitationDelivered(invitation.invitationId(), invitation.clientId(), to.userId(), to.email(),
                to.firstName(), to.locale(), clientName, groupName, inviterName, invitation.expiresAt()));
    }

    private Aggregate<Invitation> load(String invitationId) {
        try {
            return invitations.load(invitationId);
        } catch (AggregateNotFoundException unknown) {
            throw Invitation.notFound();
        }
    }
}
