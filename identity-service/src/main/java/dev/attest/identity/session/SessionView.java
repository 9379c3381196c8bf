package dev.attest.identity.session;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** A session as its user's list shows it; {@code current} is set when it is read, for the caller's own. */
@Document("sessions")
public record SessionView(@Id String id, @JsonIgnore @Indexed String userId, String userAgent, String ipAddress,
                          Instant createdAt, Instant lastUsedAt, Instant expiresAt, @JsonIgnore Instant endedAt,
                          boolean current) {

    SessionView asCurrent(String currentSessionId) {
        return new SessionView(id, userId, userAgent, ipAddress, createdAt, lastUsedAt, expiresAt, endedAt,
                id.equals(currentSessionId));
    }
}
