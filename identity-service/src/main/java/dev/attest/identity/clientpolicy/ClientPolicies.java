package dev.attest.identity.clientpolicy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The command-side table of client policies (second factors, external providers), in the event store's database and written in the same
 * transaction as the policy's events, so the login that follows a change already obeys it.
 */
@Component
public class ClientPolicies {

    private final JdbcTemplate jdbc;

    public ClientPolicies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists client_two_factor_policies (client_id varchar(64) primary key, "
                + "require_two_factor boolean not null, require_authenticator_app boolean not null)");
        jdbc.execute("alter table client_two_factor_policies add column if not exists "
                + "allowed_providers varchar(2000) default '' not null");
    }

    /** The external providers the client's users may sign in with; none unless its administrators allow some. */
    public List<String> allowedProviders(String clientId) {
        List<String> found = clientId == null ? List.of() : jdbc.queryForList(
                "select allowed_providers from client_two_factor_policies where client_id = ?", String.class, clientId);
        return found.isEmpty() || found.get(0).isEmpty() ? List.of() : List.of(found.get(0).split(","));
    }

    public boolean allowsProvider(String clientId, String provider) {
        return allowedProviders(clientId).contains(provider);
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
        ensureRow(clientId);
        jdbc.update("update client_two_factor_policies set require_two_factor = ?, require_authenticator_app = ? "
                + "where client_id = ?", policy.requireTwoFactor(), policy.requireAuthenticatorApp(), clientId);
    }

    /** As {@link #put(String, TwoFactorPolicy)}, for the providers. */
    public void putProviders(String clientId, List<String> providers) {
        ensureRow(clientId);
        jdbc.update("update client_two_factor_policies set allowed_providers = ? where client_id = ?",
                String.join(",", providers), clientId);
    }

    private void ensureRow(String clientId) {
        if (jdbc.queryForObject("select count(*) from client_two_factor_policies where client_id = ?", Integer.class,
                clientId) == 0) {
            jdbc.update("insert into client_two_factor_policies (client_id, require_two_factor, "
                    + "require_authenticator_app) values (?, false, false)", clientId);
        }
    }
}
