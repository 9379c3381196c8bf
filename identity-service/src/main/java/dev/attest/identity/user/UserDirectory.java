package dev.attest.identity.user;

import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.session.SessionRules;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The questions asked of the user read model, by name; controllers ask these, never MongoDB itself. */
@Component
public class UserDirectory implements SessionRules {

    private final MongoTemplate mongo;
    private final AccessFacts access;

    public UserDirectory(MongoTemplate mongo, AccessFacts access) {
        this.mongo = mongo;
        this.access = access;
    }

    public Optional<UserProfile> profile(String userId) {
        return Optional.ofNullable(mongo.findById(userId, UserProfile.class));
    }

    /**
     * As far as the read model knows, which follows the user within milliseconds; a user it does not know
     * yet (a rebuild under way) is not refused for that.
     */
    @Override
    public Optional<String> endReason(String userId, String clientId, String sessionId, Instant startedAt) {
        if (clientId != null && access.hasLeft(userId, clientId)) {
            return Optional.of("CLIENT_LEFT");
        }
        return profile(userId).flatMap(profile -> {
            if (profile.disabled()) {
                return Optional.of("USER_DISABLED");
            }
            Instant changed = profile.passwordChangedAt();
            boolean olderThanTheChange = changed != null && startedAt != null && startedAt.isBefore(changed);
            return olderThanTheChange && !sessionId.equals(profile.sessionKeptAtChange())
                    ? Optional.of("PASSWORD_CHANGED") : Optional.empty();
        });
    }

    /** A user of {@code clientId} (its main client); empty for a user of another client, as for none. */
    public Optional<UserProfile> profileInClient(String userId, String clientId) {
        return profile(userId).filter(profile -> clientId.equals(profile.mainClientId()));
    }

    /**
     * One page of the users whose main client is {@code clientId}, by e-mail; with {@code search}, only
     * those whose e-mail, first name, last name or full name starts with it, whatever case and accents.
     */
    public List<UserProfile> usersOf(String clientId, String search, int page, int size) {
        Criteria criteria = Criteria.where("mainClientId").is(clientId);
        if (search != null && !search.isBlank()) {
            criteria = criteria.and("searchKeys").regex("^" + escaped(Names.searchKey(search)));
        }
        return mongo.find(Query.query(criteria).with(Sort.by("email")).skip((long) page * size).limit(size),
                UserProfile.class);
    }

    /** Every character taken literally, and a plain prefix, so an index on the keys serves the search. */
    private static String escaped(String text) {
        StringBuilder literal = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}-/".indexOf(c) >= 0) {
                literal.append('\\');
            }
            literal.append(c);
        }
        return literal.toString();
    }
}
