package dev.attest.identity.user;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import java.time.Instant;
import java.util.List;

/**
 * The read model of a user, as the profile page shows it. {@code version} is the profile's version (its
 * ETag); {@code searchKeys} are e-mail, names and both name orders without accents and case. The second
 * factor is on unless {@code secondFactorSwitchedOff} (so documents from before the switch existed read on).
 */
@Document("users")
@CompoundIndex(name = "client_email", def = "{'mainClientId': 1, 'email': 1}") // a client's users, by e-mail
public record UserProfile(@Id String id, String email, String firstName, String lastName, String mainClientId,
                          String locale, String secondFactorMethod, boolean apiAccess, boolean passwordSet,
                          boolean operator, boolean disabled, Instant createdAt, @JsonIgnore long version,
                          @JsonIgnore @Indexed List<String> searchKeys, @JsonIgnore Instant passwordChangedAt,
                          @JsonIgnore String sessionKeptAtChange, PendingEmailChange pendingEmailChange,
                          @JsonIgnore boolean secondFactorSwitchedOff, @JsonIgnore int recoveryCodesLeft) {

    /** An e-mail change under way: the address asked for, the step it waits at, until when. */
    public record PendingEmailChange(String newEmail, String step, Instant expiresAt) {
    }

    static List<String> searchKeysOf(String email, String firstName, String lastName) {
        return List.of(Names.searchKey(email), Names.searchKey(firstName), Names.searchKey(lastName),
                Names.searchKey(firstName + " " + lastName), Names.searchKey(lastName + " " + firstName));
    }
}
