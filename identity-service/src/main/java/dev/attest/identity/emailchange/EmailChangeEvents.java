package dev.attest.identity.emailchange;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Events of a user's e-mail change (stored in the user's stream). Codes and the revert token are kept
 * hashed; what is mailed is held encrypted outside the events until it is handed on ({@code mailSecretId}).
 */
public final class EmailChangeEvents {

    private EmailChangeEvents() {
    }

    /** Step 1: a code went to the current address; a new request replaces an open one. */
    @Revision("1")
    public record EmailChangeRequested(String userId, String mainClientId, String currentEmail, String newEmail,
                                       String firstName, String locale, String codeHash, String mailSecretId,
                                       Instant expiresAt) {
    }

    /** A wrong code at {@code step}; at zero attempts left the request is over. */
    @Revision("1")
    public record EmailChangeCodeRejected(String userId, String mainClientId, String step, int attemptsLeft) {
    }

    /** Step 2: the current address proved itself; a code went to the new one. */
    @Revision("1")
    public record EmailChangeConfirmedAtCurrentAddress(String userId, String mainClientId, String newEmail,
                                                       String firstName, String locale, String codeHash,
                                                       String mailSecretId, Instant expiresAt) {
    }

    /**
     * Step 3: the new address proved itself and is now the login. The old one got a notice with a link
     * that undoes the change, valid until {@code revertExpiresAt}.
     */
    @Revision("1")
    public record EmailChanged(String userId, String mainClientId, String oldEmail, String newEmail,
                               String firstName, String locale, String revertTokenHash, String mailSecretId,
                               Instant revertExpiresAt) {
    }

    @Revision("1")
    public record EmailChangeCancelled(String userId, String mainClientId) {
    }

    /**
     * "This was not me": the old address is the login again, the new one is released, every session ends
     * and the password is gone until a new one is set through the mailed link.
     */
    @Revision("1")
    public record EmailChangeReverted(String userId, String mainClientId, String restoredEmail,
                                      String abandonedEmail) {
    }
}
