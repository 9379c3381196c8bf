package dev.attest.identity.apiaccess;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** An API key as its owner and the owner's administrators see it: never its secret, nor the secret's hash. */
@Document("api_keys")
public record ApiKeyView(@Id String id, @JsonIgnore @Indexed String userId, String name, Instant createdAt,
                         Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {
}
