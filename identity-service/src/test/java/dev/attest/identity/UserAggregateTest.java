package dev.attest.identity;

import dev.attest.embedded.testing.MutableClock;
import dev.attest.identity.apiaccess.ApiKeys;
import dev.attest.identity.credentials.CredentialEvents.PasswordSetupLinkIssued;
import dev.attest.identity.clientpolicy.ClientPolicies;
import dev.attest.identity.credentials.ExternalIdentities;
import dev.attest.identity.credentials.PasswordHasher;
import dev.attest.identity.credentials.PasswordPolicy;
import dev.attest.identity.credentials.PasswordPrechecks;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.crypto.SecretBox;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.Totp;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.User;
import dev.attest.identity.user.UserEvents.LoginFailed;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The user aggregate under a test fixture, with the resources its handlers are given, and the events a
 * test starts from. The rules of each part of a user are tested in that part's package.
 */
public abstract class UserAggregateTest {

    /** Counts the hashes {@link #HASHER} makes (its timer). */
    protected static final SimpleMeterRegistry HASHES = new SimpleMeterRegistry();
    protected static final PasswordHasher HASHER = new PasswordHasher(HASHES);
    protected static final PasswordPolicy POLICY = new PasswordPolicy();
    protected static final Totp TOTP = new Totp();
    protected static final String USER = "7b0b8c3e-1a3d-4bb2-8d43-2d6c5f3f0a11";
    protected static final String CLIENT = "client-1";
    protected static final String PASSWORD = "a long and unusual passphrase";
    protected static final String PASSWORD_HASH = HASHER.hash(new Secret(PASSWORD));
    protected static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    protected AggregateTestFixture<User> fixture;
    protected OneTimeSecrets secrets;
    protected EmailRegistry emails;
    protected PendingSecrets pending;
    protected MutableClock clock;
    protected ClientPolicies policies;
    protected ExternalIdentities identities;
    protected ApiKeys apiKeys;
    protected PasswordPrechecks prechecks;

    @BeforeEach
    protected void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        secrets = TestKeys.secrets();
        DriverManagerDataSource database = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "sa", "");
        emails = new EmailRegistry(new JdbcTemplate(database));
        clock = new MutableClock(NOW);
        pending = new PendingSecrets(new JdbcTemplate(database), clock);
        policies = new ClientPolicies(new JdbcTemplate(database));
        identities = new ExternalIdentities(new JdbcTemplate(database));
        apiKeys = new ApiKeys(new JdbcTemplate(database));
        prechecks = new PasswordPrechecks(HASHER, clock);
        registerResources(TestKeys.KEYS.secretBox());
    }

    /** Gives the fixture's handlers what Spring would, with {@code box} for authenticator secrets. */
    protected void registerResources(SecretBox box) {
        fixture.registerInjectableResource(secrets);
        fixture.registerInjectableResource(pending);
        fixture.registerInjectableResource(emails);
        fixture.registerInjectableResource(HASHER);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(policies);
        fixture.registerInjectableResource(TOTP);
        fixture.registerInjectableResource(box);
        fixture.registerInjectableResource(identities);
        fixture.registerInjectableResource(apiKeys);
        fixture.registerInjectableResource(prechecks);
    }

    /** How many hashes and verifications {@link #HASHER} has made so far. */
    protected static long hashesMade() {
        return HASHES.timer("attest.password.hashing").count();
    }

    protected static LoginFailed wrongPassword() {
        return new LoginFailed(USER, CLIENT, "WRONG_PASSWORD");
    }

    protected static SecondFactorCodeRejected wrongCode(int attemptsLeft) {
        return new SecondFactorCodeRejected(USER, CLIENT, USER + ".c1", attemptsLeft);
    }

    protected static UserCreated created() {
        return new UserCreated(USER, CLIENT, "ada@example.com", "Ada", "Lovelace", "en", List.of(), false);
    }

    protected PasswordSetupLinkIssued link(String token, Instant expiresAt) {
        return new PasswordSetupLinkIssued(USER, CLIENT, "ada@example.com", "Ada", "en", secrets.hash(token), "mail-secret-1",
                expiresAt);
    }

    protected SecondFactorChallengeIssued challenge(String code) {
        return new SecondFactorChallengeIssued(USER, CLIENT, USER + ".c1", "ada@example.com", "en", secrets.hash(code),
                "mail-secret-2", NOW.plus(Duration.ofMinutes(10)), null, null);
    }

    /** What the user's client requires, as its administrators set it. */
    protected void clientRequires(boolean twoFactor, boolean app) {
        policies.put(CLIENT, new dev.attest.identity.clientpolicy.TwoFactorPolicy(twoFactor, app));
    }

    /** A refusal of exactly this problem type, as the REST layer would answer it. */
    protected static org.hamcrest.Matcher<?> problem(String type) {
        return org.axonframework.test.matchers.Matchers.predicate(failure -> failure instanceof RuleViolation refused
                && refused.type().equals(type));
    }
}
