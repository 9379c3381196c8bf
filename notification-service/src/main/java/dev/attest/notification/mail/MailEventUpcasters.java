package dev.attest.notification.mail;

import dev.attest.kit.eventstore.FieldReplaced;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link MailEvents.MailRequested} carried the secret's ciphertext; revision 2 does not
 * (docs/decisions/0006). An old request reads as one whose secret is no longer held: it is not sent again.
 */
@Component
public class MailEventUpcasters extends FieldReplaced {

    static final String REQUESTED = MailEvents.MailRequested.class.getName();

    public MailEventUpcasters() {
        super(REQUESTED, 1, "encryptedSecret", "expiresAt");
    }
}
