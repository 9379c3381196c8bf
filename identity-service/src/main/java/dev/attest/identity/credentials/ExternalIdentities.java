package dev.attest.identity.credentials;

import dev.attest.kit.web.RuleViolation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The command-side table of bound external identities: (issuer, subject) to user, in the event store's
 * database and written in the same transaction as the binding event, so one identity never gets two users.
 */
@Component
public class ExternalIdentities {

    private final JdbcTemplate jdbc;

    public ExternalIdentities(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists external_identities (issuer varchar(500) not null, "
                + "subject varchar(255) not null, user_id varchar(64) not null, primary key (issuer, subject))");
    }

    public Optional<String> userIdOf(String issuer, String subject) {
        List<String> ids = jdbc.queryForList("select user_id from external_identities where issuer = ? and subject = ?",
                String.class, issuer, subject);
        return ids.stream().findFirst();
    }

    void bind(String issuer, String subject, String userId) {
        try {
            jdbc.update("insert into external_identities (issuer, subject, user_id) values (?, ?, ?)", issuer, subject,
                    userId);
        } catch (DuplicateKeyException taken) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "not-an-external-account",
                    "This identity belongs to another account.");
        }
    }
}
