package dev.attest.identity.clientpolicy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The command-side table of client policies, in the event store's database and written in the same
 * transaction as the policy's events, so the login that follows a change already obeys it.
 */
@Component
public class ClientPolicies {

    private final JdbcTemplate jdbc;

    public ClientPolicies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists client_two_factor_policies (client_id varchar(64) primary key, "
                + "require_two_factor boolean not null, require_authenticator_app boolean not null)");
    }

    /** The policy of {@code clientId}; none for the operator, who has no client. */
    public TwoFactorPolicy of(String clientId) {
        if (clientId == null) {
            return TwoFactorPolicy.NONE;
        }
        List<TwoFactorPolicy> found = jdbc.query("select require_two_factor, require_authenticator_app "
                        + "from client_two_factor_policies where client_id = ?",
                (row, n) -> new TwoFactorPolicy(row.getBoolean(1), row.getBoolean(2)), clientId);
        return found.isEmpty() ? TwoFactorPolicy.NONE : found.get(0);
    }

    /** Only {@link ClientPolicy} writes here, in its command's transaction (tests set a policy directly). */
    public void put(String clientId, TwoFactorPolicy policy) {
        int updated = jdbc.update("update client_two_factor_policies set require_two_factor = ?, "
                        + "require_authenticator_app = ? where client_id = ?",
                policy.requireTwoFactor(), policy.requireAuthenticatorApp(), clientId);
        if (updated == 0) {
            jdbc.update("insert into client_two_factor_policies (client_id, require_two_factor, "
                    + "require_authenticator_app) values (?, ?, ?)", clientId, policy.requireTwoFactor(),
                    policy.requireAuthenticatorApp());
        }
    }
}
