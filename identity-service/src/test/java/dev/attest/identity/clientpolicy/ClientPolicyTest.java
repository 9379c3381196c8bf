package dev.attest.identity.clientpolicy;

import dev.attest.identity.clientpolicy.ClientPolicy.SetTwoFactorPolicy;
import dev.attest.identity.clientpolicy.ClientPolicy.TwoFactorPolicySet;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A client's policy: what is named changes, an app implies a second factor, and the login's table follows. */
class ClientPolicyTest {

    private AggregateTestFixture<ClientPolicy> fixture;
    private ClientPolicies table;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ClientPolicy.class);
        table = new ClientPolicies(new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "")));
        fixture.registerInjectableResource(table);
    }

    @Test
    void requiringAnAppRequiresASecondFactorAndTheLoginSeesItAtOnce() {
        assertThat(table.of("c1")).isEqualTo(TwoFactorPolicy.NONE);
        fixture.givenNoPriorActivity()
                .when(new SetTwoFactorPolicy("c1", null, true))
                .expectResultMessagePayload(new TwoFactorPolicy(true, true))
                .expectEvents(new TwoFactorPolicySet("c1", true, true));
        assertThat(table.of("c1")).isEqualTo(new TwoFactorPolicy(true, true));
        assertThat(table.of("c2")).isEqualTo(TwoFactorPolicy.NONE);
        assertThat(table.of(null)).as("the operator's").isEqualTo(TwoFactorPolicy.NONE);
    }

    @Test
    void noSecondFactorRequiredDropsTheAppAndTheSamePolicyAgainChangesNothing() {
        fixture.given(new TwoFactorPolicySet("c1", true, true))
                .when(new SetTwoFactorPolicy("c1", false, null))
                .expectEvents(new TwoFactorPolicySet("c1", false, false));
        fixture.given(new TwoFactorPolicySet("c1", true, true))
                .when(new SetTwoFactorPolicy("c1", null, false))
                .expectResultMessagePayload(new TwoFactorPolicy(true, false))
                .expectEvents(new TwoFactorPolicySet("c1", true, false));
        fixture.given(new TwoFactorPolicySet("c1", true, false))
                .when(new SetTwoFactorPolicy("c1", true, null))
                .expectNoEvents();
    }
}
