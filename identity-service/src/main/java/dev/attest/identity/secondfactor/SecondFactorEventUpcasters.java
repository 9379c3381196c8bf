package dev.attest.identity.secondfactor;

import dev.attest.kit.eventstore.FieldReplaced;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link SecondFactorEvents.SecondFactorChallengeIssued} carried the code's ciphertext;
 * revision 2 names a held secret instead (docs/decisions/0006). An old event reads as one whose code was
 * handed on long ago. Runs after {@link dev.attest.identity.user.MovedEvents}, which gives old events this
 * name.
 */
@Component
@Order(1)
public class SecondFactorEventUpcasters extends FieldReplaced {

    static final String CHALLENGE = SecondFactorEvents.SecondFactorChallengeIssued.class.getName();

    public SecondFactorEventUpcasters() {
        super(CHALLENGE, 1, "encryptedCode", "mailSecretId");
    }
}
