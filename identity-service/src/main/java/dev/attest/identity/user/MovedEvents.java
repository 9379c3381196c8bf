package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialEvents;
import dev.attest.identity.secondfactor.SecondFactorEvents;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.function.Function;

/**
 * Events stored under a class name that has since moved to another package are read as the class they
 * are now, at the revision they were stored in; the revision upcasters of their new home run after this
 * one. A stored event is never rewritten.
 */
@Component
@Order(0)
public class MovedEvents extends SingleEventUpcaster {

    private static final String USER_EVENTS = "dev.attest.identity.user.UserEvents$";

    static final Map<String, String> NOW_CALLED = Map.of(
            USER_EVENTS + "PasswordSetupLinkIssued", CredentialEvents.PasswordSetupLinkIssued.class.getName(),
            USER_EVENTS + "PasswordSet", CredentialEvents.PasswordSet.class.getName(),
            USER_EVENTS + "SecondFactorChallengeIssued", SecondFactorEvents.SecondFactorChallengeIssued.class.getName(),
            USER_EVENTS + "SecondFactorCodeRejected", SecondFactorEvents.SecondFactorCodeRejected.class.getName(),
            USER_EVENTS + "SecondFactorPassed", SecondFactorEvents.SecondFactorPassed.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation event) {
        return NOW_CALLED.containsKey(event.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation event) {
        return event.upcastPayload(new SimpleSerializedType(NOW_CALLED.get(event.getType().getName()),
                event.getType().getRevision()), JsonNode.class, Function.identity());
    }
}
