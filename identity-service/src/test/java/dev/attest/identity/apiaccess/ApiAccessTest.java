package dev.attest.identity.apiaccess;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.apiaccess.ApiAccessCommands.CreateApiKey;
import dev.attest.identity.apiaccess.ApiAccessCommands.IssueApiToken;
import dev.attest.identity.apiaccess.ApiAccessCommands.RevokeApiKey;
import dev.attest.identity.apiaccess.ApiAccessCommands.SetApiAccess;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiAccessGranted;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiAccessRevoked;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiKeyCreated;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiKeyRevoked;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiTokenIssued;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.identity.user.UserEvents.UserDisabled;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The API-access flag and the keys: who may set it, what a key is, and what obtains a token. */
class ApiAccessTest extends UserAggregateTest {

    static final Instant IN_A_MONTH = NOW.plus(Duration.ofDays(30));

    @Test
    void onlyAnAdministratorOfTheUsersMainClientSetsTheFlagAndSettingItAgainChangesNothing() {
        fixture.given(created()).when(new SetApiAccess(USER, "another-client", true))
                .expectException(problem("user-not-found")).expectNoEvents();
        fixture.given(created()).when(new SetApiAccess(USER, CLIENT, true))
                .expectEvents(new ApiAccessGranted(USER, CLIENT));
        fixture.given(created(), granted()).when(new SetApiAccess(USER, CLIENT, true)).expectNoEvents();
        fixture.given(created(), granted()).when(new SetApiAccess(USER, CLIENT, false))
                .expectEvents(new ApiAccessRevoked(USER, CLIENT));
        fixture.given(new UserCreated(USER, null, "op@attest.local", "Platform", "Operator", "en", List.of(), true))
                .when(new SetApiAccess(USER, CLIENT, true)).expectException(problem("user-not-found"));
    }

    @Test
    void aKeyIsCreatedOnlyWithTheFlagAndKeepsOnlyItsSecretsHash() {
        fixture.given(created()).when(new CreateApiKey(USER, "k1", "CI", null))
                .expectException(problem("api-access-not-granted")).expectNoEvents();
        AtomicReference<ApiAccess.NewKey> key = new AtomicReference<>();
        fixture.givenCurrentTime(NOW).andGiven(created(), granted())
                .when(new CreateApiKey(USER, "k1", "CI", IN_A_MONTH))
                .expectResultMessagePayloadMatching(org.axonframework.test.matchers.Matchers.predicate(result -> {
                    key.set((ApiAccess.NewKey) result);
                    return true;
                }))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.matches(e -> e instanceof ApiKeyCreated created
                                        && created.keyId().equals("k1") && created.expiresAt().equals(IN_A_MONTH)
                                        && secrets.matches(new Secret(key.get().secret().value()
                                        .substring(ApiKeys.SECRET_PREFIX.length())), created.secretHash())
                                        && !created.secretHash().contains(key.get().secret().value())),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
        assertThat(key.get().secret().value()).startsWith("attest_sk_").hasSizeGreaterThan(50);
        assertThat(apiKeys.ownerOf("k1")).hasValue(USER);
    }

    @Test
    void aKeyMustExpireInTheFutureAndAtMostTenAreLive() {
        fixture.givenCurrentTime(NOW).andGiven(created(), granted())
                .when(new CreateApiKey(USER, "k1", "CI", NOW.minusSeconds(1)))
                .expectException(problem("invalid-request"));
        Object[] history = new Object[12];
        history[0] = created();
        history[1] = granted();
        for (int i = 0; i < 10; i++) {
            history[i + 2] = new ApiKeyCreated(USER, CLIENT, "k" + i, "key " + i, "hash", null);
        }
        fixture.givenCurrentTime(NOW).andGiven(history).when(new CreateApiKey(USER, "k10", "one too many", null))
                .expectException(problem("too-many-api-keys"));
    }

    @Test
    void theRightSecretOfALiveKeyObtainsATokenForTheMainClientNoLongerThanTheKey() {
        String secret = "s3cret-of-the-key";
        issue(secret, IN_A_MONTH, ApiKeys.SECRET_PREFIX + secret)
                .expectResultMessagePayload(new ApiAccess.Grant(CLIENT, IN_A_MONTH))
                .expectEvents(new ApiTokenIssued(USER, CLIENT, "k1"));
    }

    @Test
    void everyOtherKeyOrSecretGetsTheSameRefusal() {
        String secret = "s3cret-of-the-key";
        issue(secret, null, ApiKeys.SECRET_PREFIX + "wrong").expectException(invalidClient())
                .expectNoEvents();
        issue(secret, null, secret).expectException(invalidClient());
        for (Object gone : List.of(new ApiKeyRevoked(USER, CLIENT, "k1"), new ApiAccessRevoked(USER, CLIENT),
                new UserDisabled(USER, CLIENT))) {
            fixture.givenCurrentTime(NOW).andGiven(created(), granted(), key(secret, null), gone)
                    .when(new IssueApiToken(USER, "k1", new Secret(ApiKeys.SECRET_PREFIX + secret)))
                    .expectException(invalidClient()).expectNoEvents();
        }
        fixture.givenCurrentTime(NOW).andGiven(created(), granted(), key(secret, null))
                .when(new IssueApiToken(USER, "k2", new Secret(ApiKeys.SECRET_PREFIX + secret)))
                .expectException(invalidClient());
        // The key's last second has passed.
        clock.advance(Duration.ofSeconds(60));
        fixture.givenCurrentTime(NOW).andGiven(created(), granted(), key(secret, NOW.plusSeconds(60)))
                .when(new IssueApiToken(USER, "k1", new Secret(ApiKeys.SECRET_PREFIX + secret)))
                .expectException(invalidClient()).expectNoEvents();
    }

    @Test
    void aRevokedKeyStaysRevokedAndAnUnknownOneIsNotFound() {
        fixture.given(created(), granted(), key("s", null)).when(new RevokeApiKey(USER, null, "k1"))
                .expectEvents(new ApiKeyRevoked(USER, CLIENT, "k1"));
        fixture.given(created(), granted(), key("s", null), new ApiKeyRevoked(USER, CLIENT, "k1"))
                .when(new RevokeApiKey(USER, null, "k1")).expectNoEvents();
        fixture.given(created(), granted()).when(new RevokeApiKey(USER, null, "k9"))
                .expectException(problem("api-key-not-found"));
        fixture.given(created(), granted(), key("s", null)).when(new RevokeApiKey(USER, "another-client", "k1"))
                .expectException(problem("user-not-found")).expectNoEvents();
    }

    private static org.hamcrest.Matcher<?> invalidClient() {
        return org.axonframework.test.matchers.Matchers.predicate(failure -> failure instanceof ApiKeys.InvalidClient);
    }

    private ResultValidator<?> issue(String secret, Instant expiresAt, String presented) {
        return fixture.givenCurrentTime(NOW).andGiven(created(), granted(), key(secret, expiresAt))
                .when(new IssueApiToken(USER, "k1", new Secret(presented)));
    }

    private ApiKeyCreated key(String secret, Instant expiresAt) {
        return new ApiKeyCreated(USER, CLIENT, "k1", "CI", secrets.hash(secret), expiresAt);
    }

    private static ApiAccessGranted granted() {
        return new ApiAccessGranted(USER, CLIENT);
    }
}
