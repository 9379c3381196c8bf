package dev.attest.identity.user;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;

/** The read model of a user, as the profile page shows it. */
@Document("users")
public record UserProfile(@Id String id, String email, String firstName, String lastName, String mainClientId,
                          String locale, String secondFactorMethod, boolean apiAccess, boolean passwordSet,
                          boolean operator, Instant createdAt) {
}
