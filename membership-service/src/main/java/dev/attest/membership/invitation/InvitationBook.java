package dev.attest.membership.invitation;

import dev.attest.membership.invitation.InvitationEvents.InvitationAccepted;
import dev.attest.membership.invitation.InvitationEvents.InvitationDelivered;
import dev.attest.membership.invitation.InvitationEvents.InvitationRejected;
import dev.attest.membership.invitation.InvitationEvents.InvitationRevoked;
import dev.attest.membership.invitation.InvitationEvents.InvitationSent;
import dev.attest.membership.roster.Roster;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The invitations as they stand, in the event store's database and written in the events' transaction (like
 * {@link Roster}): what waits for an account, what is in a user's inbox, what a client has sent.
 */
@Component
@ProcessingGroup(Roster.PROCESSING_GROUP)
public class InvitationBook {

    /** One invitation; {@code status} is OPEN, ACCEPTED, REJECTED, REVOKED, or EXPIRED when open past its time. */
    public record Entry(String invitationId, String clientId, String clientName, String groupId, String groupName,
                        String email, String inviterId, String inviterName, String status, String deliveredTo,
                        Instant sentAt, Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;

    public InvitationBook(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists invitations (invitation_id varchar(64) primary key, "
                + "client_id varchar(64) not null, group_id varchar(64) not null, email varchar(254) not null, "
                + "inviter_id varchar(64) not null, status varchar(10) not null, delivered_to varchar(64), "
                + "client_name varchar(200), group_name varchar(200), inviter_name varchar(210), "
                + "sent_at timestamp not null, expires_at timestamp not null)");
        jdbc.execute("create index if not exists invitations_email on invitations (email)");
        jdbc.execute("create index if not exists invitations_client on invitations (client_id)");
        jdbc.execute("create index if not exists invitations_addressee on invitations (delivered_to)");
    }

    /** Open, not yet delivered, not expired invitations to this address. */
    public List<String> waitingFor(String email, Instant now) {
        return jdbc.queryForList("select invitation_id from invitations where email = ? and status = 'OPEN' "
                + "and delivered_to is null and expires_at > ?", String.class, email, Timestamp.from(now));
    }

    public boolean hasOpen(String clientId, String email, Instant now) {
        return !jdbc.queryForList("select invitation_id from invitations where client_id = ? and email = ? "
                + "and status = 'OPEN' and expires_at > ?", String.class, clientId, email, Timestamp.from(now)).isEmpty();
    }

    /** The user's inbox: delivered, open, not expired; newest first. */
    public List<Entry> inboxOf(String userId, Instant now) {
        return query("delivered_to = ? and status = 'OPEN' and expires_at > ? order by sent_at desc", now, userId,
                Timestamp.from(now));
    }

    /** Every invitation the client sent, newest first. */
    public List<Entry> sentBy(String clientId, Instant now) {
        return query("client_id = ? order by sent_at desc", now, clientId);
    }

    private List<Entry> query(String where, Instant now, Object... arguments) {
        RowMapper<Entry> entry = (row, n) -> {
            Instant expiresAt = row.getTimestamp(12).toInstant();
            String status = row.getString(9);
            return new Entry(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                    "OPEN".equals(status) && !now.isBefore(expiresAt) ? "EXPIRED" : status, row.getString(10),
                    row.getTimestamp(11).toInstant(), expiresAt);
        };
        return jdbc.query("select invitation_id, client_id, client_name, group_id, group_name, email, inviter_id, "
                + "inviter_name, status, delivered_to, sent_at, expires_at from invitations where " + where, entry,
                arguments);
    }

    @EventHandler
    void on(InvitationSent event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("delete from invitations where invitation_id = ?", event.invitationId());
        jdbc.update("insert into invitations (invitation_id, client_id, group_id, email, inviter_id, status, "
                        + "sent_at, expires_at) values (?, ?, ?, ?, ?, 'OPEN', ?, ?)", event.invitationId(),
                event.clientId(), event.groupId(), event.email(), event.inviterId(), Timestamp.from(at),
                Timestamp.from(event.expiresAt()));
    }

    @EventHandler
    void on(InvitationDelivered event) {
        jdbc.update("update invitations set delivered_to = ?, client_name = ?, group_name = ?, inviter_name = ? "
                        + "where invitation_id = ?", event.userId(), event.clientName(), event.groupName(),
                event.inviterName(), event.invitationId());
    }

    @EventHandler
    void on(InvitationAccepted event) {
        status(event.invitationId(), "ACCEPTED");
    }

    @EventHandler
    void on(InvitationRejected event) {
        status(event.invitationId(), "REJECTED");
    }

    @EventHandler
    void on(InvitationRevoked event) {
        status(event.invitationId(), "REVOKED");
    }

    private void status(String invitationId, String status) {
        jdbc.update("update invitations set status = ? where invitation_id = ?", status, invitationId);
    }
}
