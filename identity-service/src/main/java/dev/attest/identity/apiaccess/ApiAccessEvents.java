package dev.attest.identity.apiaccess;

import org.axonframework.serialization.Revision;

import java.time.Instant;

public final class ApiAccessEvents {

    private ApiAccessEvents() {
    }

    @Revision("1")
    public record ApiAccessGranted(String userId, String mainClientId) {
    }

    /** Every key of the user is revoked with it. */
    @Revision("1")
    public record ApiAccessRevoked(String userId, String mainClientId) {
    }

    /** Only the secret's keyed hash is kept; the secret was shown to the user once. */
    @Revision("1")
    public record ApiKeyCreated(String userId, String mainClientId, String keyId, String name, String secretHash,
                                Instant expiresAt) {
        @Override
        public String toString() {
            return "ApiKeyCreated[userId=" + userId + ", keyId=" + keyId + ", name=" + name + "]";
        }
    }

    @Revision("1")
    public record ApiKeyRevoked(String userId, String mainClientId, String keyId) {
    }

    /** A key obtained an API token: when it was last used, and the user's history of API use. */
    @Revision("1")
    public record ApiTokenIssued(String userId, String mainClientId, String keyId) {
    }
}
