package dev.attest.notification.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link MailEvents.MailRequested} carried the secret's ciphertext; revision 2 does not
 * (docs/decisions/0006). An old request reads as one whose secret is no longer held: it is not sent again.
 */
@Component
public class MailEventUpcasters extends SingleEventUpcaster {

    static final String REQUESTED = MailEvents.MailRequested.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return "1".equals(event.getType().getRevision()) && event.getType().getName().equals(REQUESTED);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(REQUESTED, "2"), JsonNode.class, payload -> {
            ObjectNode upcast = (ObjectNode) payload.deepCopy();
            upcast.remove("encryptedSecret");
            upcast.putNull("expiresAt");
            return upcast;
        });
    }
}
