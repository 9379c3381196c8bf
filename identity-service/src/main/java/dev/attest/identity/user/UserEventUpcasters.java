package dev.attest.identity.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of the events that start a mail carried the secret's ciphertext; revision 2 names a held
 * secret instead (docs/decisions/0006). An old event reads as one whose secret was handed on long ago.
 */
@Component
public class UserEventUpcasters extends SingleEventUpcaster {

    static final String LINK = UserEvents.PasswordSetupLinkIssued.class.getName();
    static final String CHALLENGE = UserEvents.SecondFactorChallengeIssued.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        String type = event.getType().getName();
        return "1".equals(event.getType().getRevision()) && (type.equals(LINK) || type.equals(CHALLENGE));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        String ciphertext = event.getType().getName().equals(LINK) ? "encryptedToken" : "encryptedCode";
        return event.upcastPayload(new SimpleSerializedType(event.getType().getName(), "2"), JsonNode.class,
                payload -> {
                    ObjectNode upcast = ((ObjectNode) payload.deepCopy());
                    upcast.remove(ciphertext);
                    upcast.putNull("mailSecretId");
                    return upcast;
                });
    }
}
