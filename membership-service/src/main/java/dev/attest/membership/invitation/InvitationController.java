package dev.attest.membership.invitation;

import dev.attest.contracts.Permission;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.membership.invitation.InvitationCommands.AnswerInvitation;
import dev.attest.membership.invitation.InvitationCommands.RevokeInvitation;
import dev.attest.membership.invitation.InvitationCommands.SendInvitation;
import dev.attest.membership.people.People;
import dev.attest.membership.roster.Roster;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Invitations of other clients' users as guests: sent, listed and revoked in the active client with
 * USERS_INVITE; seen and answered by the invited account alone.
 */
@RestController
public class InvitationController {

    public record NewInvitation(@NotBlank @Email @Size(max = 254) String email,
                                @NotBlank @Size(max = 64) String groupId) {
    }

    /** As the inviting client sees it: never whether the address has an account. */
    public record SentInvitation(String id, String email, String groupId, String status, String inviterId,
                                 Instant sentAt, Instant expiresAt) {
    }

    /** As the invited user sees it. */
    public record ReceivedInvitation(String id, String clientId, String clientName, String groupId, String groupName,
                                     String inviterName, Instant sentAt, Instant expiresAt) {
    }

    private final CommandGateway commands;
    private final Roster roster;
    private final InvitationBook book;
    private final Clock clock;
    private final Duration validity;

    public InvitationController(CommandGateway commands, Roster roster, InvitationBook book, Clock clock,
                                @Value("${attest.membership.invitation-validity}") Duration validity) {
        this.commands = commands;
        this.roster = roster;
        this.book = book;
        this.clock = clock;
        this.validity = validity;
    }

    @PostMapping("/api/v1/invitations")
    public ResponseEntity<SentInvitation> send(Caller caller, @Valid @RequestBody NewInvitation request) {
        roster.require(caller, Permission.USERS_INVITE);
        String invitationId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        String email = People.normalize(request.email());
        commands.sendAndWait(Causation.byUser(caller.userId(), new SendInvitation(invitationId, caller.clientId(),
                request.groupId(), email, caller.userId(), now.plus(validity))));
        return ResponseEntity.created(URI.create("/api/v1/invitations/" + invitationId))
                .body(new SentInvitation(invitationId, email, request.groupId(), "OPEN", caller.userId(), now,
                        now.plus(validity)));
    }

    @GetMapping("/api/v1/invitations")
    public Map<String, List<SentInvitation>> sent(Caller caller) {
        roster.require(caller, Permission.USERS_INVITE);
        return Map.of("items", book.sentBy(caller.clientId(), clock.instant()).stream().map(e -> new SentInvitation(
                e.invitationId(), e.email(), e.groupId(), e.status(), e.inviterId(), e.sentAt(), e.expiresAt())).toList());
    }

    @DeleteMapping("/api/v1/invitations/{invitationId}")
    public ResponseEntity<Void> revoke(Caller caller, @PathVariable String invitationId) {
        roster.require(caller, Permission.USERS_INVITE);
        commands.sendAndWait(Causation.byUser(caller.userId(), new RevokeInvitation(invitationId, caller.clientId())));
        return ResponseEntity.noContent().build();
    }

    /** The caller's open invitations; empty when there are none (a frontend then hides the menu item). */
    @GetMapping("/api/v1/me/invitations")
    public Map<String, List<ReceivedInvitation>> inbox(Caller caller) {
        return Map.of("items", book.inboxOf(caller.userId(), clock.instant()).stream().map(e -> new ReceivedInvitation(
                e.invitationId(), e.clientId(), e.clientName(), e.groupId(), e.groupName(), e.inviterName(),
                e.sentAt(), e.expiresAt())).toList());
    }

    /** Accepting starts a guest membership; the client then appears in /me/clients and can be switched to. */
    @PostMapping("/api/v1/me/invitations/{invitationId}/accept")
    public Map<String, String> accept(Caller caller, @PathVariable String invitationId) {
        caller.requireInteractive(); // an API token never reaches into another client
        String clientId = commands.sendAndWait(Causation.byUser(caller.userId(), new AnswerInvitation(invitationId,
                caller.userId(), true)));
        return Map.of("clientId", clientId, "kind", "GUEST");
    }

    @PostMapping("/api/v1/me/invitations/{invitationId}/reject")
    public ResponseEntity<Void> reject(Caller caller, @PathVariable String invitationId) {
        commands.sendAndWait(Causation.byUser(caller.userId(), new AnswerInvitation(invitationId, caller.userId(),
                false)));
        return ResponseEntity.noContent().build();
    }
}
