package dev.attest.identity.credentials;

import dev.attest.kit.eventstore.FieldReplaced;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 1 of {@link CredentialEvents.PasswordSetupLinkIssued} carried the token's ciphertext; revision 2
 * names a held secret instead (docs/decisions/0006). An old event reads as one whose secret was handed on
 * long ago. Runs after {@link dev.attest.identity.user.MovedEvents}, which gives old events this name.
 */
@Component
@Order(1)
public class CredentialEventUpcasters extends FieldReplaced {

    static final String LINK = CredentialEvents.PasswordSetupLinkIssued.class.getName();

    public CredentialEventUpcasters() {
        super(LINK, 1, "encryptedToken", "mailSecretId");
    }
}
