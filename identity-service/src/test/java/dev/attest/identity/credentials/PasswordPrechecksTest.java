package dev.attest.identity.credentials;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialEvents.PasswordChanged;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.credentials.PasswordPrechecks.Precheck;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactor;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password checked ahead of the user's lock is a hint: the user takes its answer only for the same secret
 * against the hash it holds, and throttles before looking at it.
 */
class PasswordPrechecksTest extends UserAggregateTest {

    private static final String OTHER_HASH = HASHER.hash(new Secret("another passphrase altogether"));

    @Test
    void aLoginLeavesItsHashForTheNextOneWhoseCheckAheadIsNotMadeAgainUnderTheLock() {
        Secret password = new Secret(PASSWORD);
        assertThat(prechecks.ahead(USER, password)).as("a user not seen yet").isNull();
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, new Secret("a first guess"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED);

        long before = hashesMade();
        Precheck ahead = prechecks.ahead(USER, password);
        assertThat(ahead).isNotNull();
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, password, USER + ".c2", ahead))
                .expectResultMessagePayload(LoginStep.challenged(SecondFactor.EMAIL));
        assertThat(hashesMade() - before).as("one hash, made ahead").isEqualTo(1);
    }

    @Test
    void aCheckAheadAgainstAReplacedHashIsMadeAgainstTheCurrentOne() {
        prechecks.remember(USER, PASSWORD_HASH, NOW);
        Secret oldPassword = new Secret(PASSWORD);
        Precheck ahead = prechecks.ahead(USER, oldPassword);
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        new PasswordChanged(USER, CLIENT, OTHER_HASH, "RESET", null))
                .when(new LogIn(USER, oldPassword, USER + ".c1", ahead))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED)
                .expectEvents(wrongPassword());
    }

    @Test
    void aCheckAheadAnswersOnlyForTheSecretItWasMadeFor() {
        prechecks.remember(USER, PASSWORD_HASH, NOW);
        Precheck ahead = prechecks.ahead(USER, new Secret(PASSWORD));
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new LogIn(USER, new Secret("a guess"), USER + ".c1", ahead))
                .expectResultMessagePayload(LoginStep.PASSWORD_REJECTED)
                .expectEvents(wrongPassword());
    }

    @Test
    void aRightPasswordCheckedAheadStillWaitsOutTheStreakAndRevealsNothing() {
        prechecks.remember(USER, PASSWORD_HASH, NOW); // stale: the streak grew since, on another instance say
        Secret password = new Secret(PASSWORD);
        Precheck ahead = prechecks.ahead(USER, password);
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword())
                .when(new LogIn(USER, password, USER + ".c1", ahead))
                .expectResultMessagePayload(LoginStep.throttled(Duration.ofSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void aUserThrottledWhenLastSeenGetsNoCheckAheadUntilTheWaitIsOver() {
        fixture.givenCurrentTime(NOW).andGiven(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(),
                        wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword(), wrongPassword())
                .when(new LogIn(USER, new Secret("a guess"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.throttled(Duration.ofSeconds(1)));

        long before = hashesMade();
        assertThat(prechecks.ahead(USER, new Secret(PASSWORD))).isNull();
        assertThat(hashesMade()).as("guessing at a throttled account costs no hash").isEqualTo(before);
        clock.advance(Duration.ofSeconds(1));
        assertThat(prechecks.ahead(USER, new Secret(PASSWORD))).as("once the wait is over").isNotNull();
    }
}
