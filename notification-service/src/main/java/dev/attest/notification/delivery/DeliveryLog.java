package dev.attest.notification.delivery;

import dev.attest.notification.mail.MailEvents.MailDelivered;
import dev.attest.notification.mail.MailEvents.MailFailed;
import dev.attest.notification.mail.MailEvents.MailRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps the {@link Delivery} documents from the mail events alone, so the log can be dropped and
 * rebuilt from the event store. Every write is an idempotent upsert; times are the events' own.
 */
@Component
@ProcessingGroup(DeliveryLog.NAME)
public class DeliveryLog {

    public static final String NAME = "delivery-log";

    private final MongoTemplate mongo;

    public DeliveryLog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(MailRequested event, @Timestamp Instant at) {
        Update requested = new Update().set("recipient", event.recipient()).set("template", event.template())
                .set("locale", event.locale()).set("requestedAt", at);
        mongo.upsert(byId(event.mailId()), requested, Delivery.class);
    }

    @EventHandler
    void on(MailDelivered event, @Timestamp Instant at) {
        mongo.upsert(byId(event.mailId()), Update.update("sentAt", at), Delivery.class);
    }

    @EventHandler
    void on(MailFailed event, @Timestamp Instant at) {
        mongo.upsert(byId(event.mailId()), Update.update("failedAt", at).set("failure", event.reason()),
                Delivery.class);
    }

    private static Query byId(String mailId) {
        return Query.query(Criteria.where("_id").is(mailId));
    }
}
