package dev.attest.membership.invitation;

import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.invitation.InvitationEvents.InvitationAccepted;
import dev.attest.membership.invitation.InvitationEvents.InvitationDelivered;
import dev.attest.membership.invitation.InvitationEvents.InvitationRejected;
import dev.attest.membership.invitation.InvitationEvents.InvitationRevoked;
import dev.attest.membership.invitation.InvitationEvents.InvitationSent;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An invitation of an e-mail address to a client as a guest in one group. It waits, unseen, until an account
 * has that address, is then delivered to that account alone, and is answered once, before it expires.
 */
@Aggregate
public class Invitation {

    enum Status { OPEN, ACCEPTED, REJECTED, REVOKED }

    @AggregateIdentifier
    private String invitationId;
    private String clientId;
    private String groupId;
    private String inviterId;
    private Instant expiresAt;
    private String deliveredTo;
    private Status status;

    protected Invitation() {
        // for Axon
    }

    Invitation(String invitationId, String clientId, String groupId, String email, String inviterId,
               Instant expiresAt) {
        apply(new InvitationSent(invitationId, clientId, groupId, email, inviterId, expiresAt));
    }

    public String invitationId() {
        return invitationId;
    }

    public String inviterId() {
        return inviterId;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public String groupId() {
        return groupId;
    }

    public String clientId() {
        return clientId;
    }

    boolean waitsForDelivery(Instant now) {
        return status == Status.OPEN && deliveredTo == null && now.isBefore(expiresAt);
    }

    void deliver(InvitationDelivered delivery) {
        apply(delivery);
    }

    /** Only the addressee sees the invitation: anyone else is told there is none. */
    void requireAnswerableBy(String userId, Instant now) {
        if (!userId.equals(deliveredTo)) {
            throw notFound();
        }
        requireOpen();
        if (!now.isBefore(expiresAt)) {
            throw new RuleViolation(RuleViolation.Kind.GONE, "invitation-expired", "This invitation has expired.");
        }
    }

    void accept(String userId, String membershipId, Instant now) {
        requireAnswerableBy(userId, now);
        apply(new InvitationAccepted(invitationId, clientId, userId, groupId, membershipId));
    }

    void reject(String userId, Instant now) {
        requireAnswerableBy(userId, now);
        apply(new InvitationRejected(invitationId, clientId, userId));
    }

    void revoke(String inClientId) {
        if (!clientId.equals(inClientId)) {
            throw notFound();
        }
        requireOpen();
        apply(new InvitationRevoked(invitationId, clientId));
    }

    private void requireOpen() {
        if (status != Status.OPEN) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "invitation-answered",
                    "This invitation was answered or withdrawn already.");
        }
    }

    static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "invitation-not-found", "There is no such invitation.");
    }

    @EventSourcingHandler
    void on(InvitationSent event) {
        invitationId = event.invitationId();
        clientId = event.clientId();
        groupId = event.groupId();
        inviterId = event.inviterId();
        expiresAt = event.expiresAt();
        status = Status.OPEN;
    }

    @EventSourcingHandler
    void on(InvitationDelivered event) {
        deliveredTo = event.userId();
    }

    @EventSourcingHandler
    void on(InvitationAccepted event) {
        status = Status.ACCEPTED;
    }

    @EventSourcingHandler
    void on(InvitationRejected event) {
        status = Status.REJECTED;
    }

    @EventSourcingHandler
    void on(InvitationRevoked event) {
        status = Status.REVOKED;
    }
}
