package dev.attest.identity.apiaccess;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which user an API key belongs to: the command-side table the token endpoint looks a key up in, in the event
 * store's database and written in the transaction of the key's creation.
 */
@Component
public class ApiKeys {

    /** Every secret starts so, to be told apart from other tokens (and found by secret scanners). */
    public static final String SECRET_PREFIX = "attest_sk_";

    private final JdbcTemplate jdbc;

    public ApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists api_keys (key_id varchar(64) primary key, "
                + "user_id varchar(64) not null)");
    }

    public void register(String keyId, String userId) {
        jdbc.update("insert into api_keys (key_id, user_id) values (?, ?)", keyId, userId);
    }

    public Optional<String> ownerOf(String keyId) {
        return jdbc.queryForList("select user_id from api_keys where key_id = ?", String.class, keyId).stream()
                .findFirst();
    }

    /**
     * The one refusal of a token request whose key is unknown, revoked, expired, wrong or of a user who may not:
     * answered as RFC 6749's {@code invalid_client}, not as a problem document.
     */
    public static final class InvalidClient extends RuntimeException {
        public InvalidClient() {
            super("The API key is unknown, revoked or expired, or its secret is wrong.", null, false, false);
        }
    }

    public static InvalidClient invalidClient() {
        return new InvalidClient();
    }
}
