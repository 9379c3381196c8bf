package dev.attest.identity.user;

import dev.attest.kit.web.RuleViolation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command-side lookup table of e-mail addresses: one row per address in use, in the event store's
 * database and written in the same transaction as the events, so two users can never get one address
 * and a failed command leaves no claim behind. A user's former address (after an e-mail change) stays
 * theirs, so the change can be undone, but is no longer the one they log in with.
 */
@Component
public class EmailRegistry {

    private final JdbcTemplate jdbc;

    public EmailRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists email_registry ("
                + "email varchar(254) primary key, user_id varchar(64) not null)");
        jdbc.execute("alter table email_registry add column if not exists login boolean default true not null");
    }

    /** The problem type of a claim on an address another user holds. */
    public static final String TAKEN = "email-taken";

    public static String normalize(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Claims {@code email} for {@code userId}, or says 409 if another user holds it. */
    public void claim(String email, String userId) {
        try {
            jdbc.update("insert into email_registry (email, user_id) values (?, ?)", normalize(email), userId);
        } catch (DuplicateKeyException taken) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, TAKEN,
                    "A user with this e-mail address exists already.");
        }
    }

    /** The user who logs in with {@code email}. */
    public Optional<String> userIdOf(String email) {
        List<String> ids = jdbc.queryForList("select user_id from email_registry where email = ? and login",
                String.class, normalize(email));
        return ids.stream().findFirst();
    }

    /** Whether anyone holds {@code email}, as login or as a former address. */
    public boolean isTaken(String email) {
        return !jdbc.queryForList("select user_id from email_registry where email = ?", String.class,
                normalize(email)).isEmpty();
    }

    /** {@code to} becomes the user's login (409 if someone took it meanwhile); {@code from} stays theirs. */
    public void moveLogin(String userId, String from, String to) {
        claim(to, userId);
        jdbc.update("update email_registry set login = false where email = ? and user_id = ?", normalize(from), userId);
    }

    /** An e-mail change undone: {@code restored} is the login again, {@code abandoned} free for anyone. */
    public void undoMove(String userId, String restored, String abandoned) {
        jdbc.update("update email_registry set login = true where email = ? and user_id = ?", normalize(restored),
                userId);
        jdbc.update("delete from email_registry where email = ? and user_id = ?", normalize(abandoned), userId);
    }
}
