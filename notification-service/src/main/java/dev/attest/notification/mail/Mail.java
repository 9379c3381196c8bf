package dev.attest.notification.mail;

import dev.attest.notification.mail.MailCommands.RecordDelivery;
import dev.attest.notification.mail.MailCommands.RecordFailure;
import dev.attest.notification.mail.MailCommands.RequestMail;
import dev.attest.notification.mail.MailEvents.MailDelivered;
import dev.attest.notification.mail.MailEvents.MailFailed;
import dev.attest.notification.mail.MailEvents.MailRequested;
import dev.attest.kit.eventstore.PendingSecrets;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One e-mail: requested once, then delivered or failed for good, at most once as far as this service knows. */
@Aggregate
public class Mail {

    @AggregateIdentifier
    private String mailId;
    private boolean settled;

    protected Mail() {
        // for Axon
    }

    /** The secret is held outside the event store, so it can be destroyed once the mail is sent. */
    @CommandHandler
    public Mail(RequestMail command, PendingSecrets pending) {
        pending.hold(command.mailId(), command.encryptedSecret(), command.expiresAt());
        apply(new MailRequested(command.mailId(), command.recipient(), command.template(), command.locale(),
                Map.copyOf(command.fields()), command.expiresAt()));
    }

    @CommandHandler
    public void handle(RecordDelivery command) {
        if (!settled) {
            apply(new MailDelivered(mailId));
        }
    }

    @CommandHandler
    public void handle(RecordFailure command) {
        if (!settled) {
            apply(new MailFailed(mailId, command.reason()));
        }
    }

    @EventSourcingHandler
    void on(MailRequested event) {
        mailId = event.mailId();
    }

    @EventSourcingHandler
    void on(MailDelivered event) {
        settled = true;
    }

    @EventSourcingHandler
    void on(MailFailed event) {
        settled = true;
    }
}
