package dev.attest.identity.credentials;

import dev.attest.identity.UserAggregateTest;
import dev.attest.identity.credentials.CredentialEvents.ExternalIdentityLinked;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInCodeIssued;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInCodeUsed;
import dev.attest.identity.credentials.CredentialEvents.ExternalSignInLinked;
import dev.attest.identity.credentials.CredentialEvents.LoggedInExternally;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactor;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserCommands.ExchangeExternalSignInCode;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SignInExternally;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.identity.user.UserEvents.UserDisabled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/** An externally signed-in user: no password ever, bound once to (issuer, subject), a one-time code for tokens. */
class ExternalSignInTest extends UserAggregateTest {

    static final String ISSUER = "https://idp.example/";

    @BeforeEach
    void allowTheProvider() {
        policies.putProviders(CLIENT, List.of("idp"));
    }

    private static ExternalSignInLinked assigned() {
        return new ExternalSignInLinked(USER, CLIENT, "idp", "ada@example.com", "Ada", "en");
    }

    private ExternalSignInCodeIssued codeIssued(String code, boolean mfa) {
        return new ExternalSignInCodeIssued(USER, CLIENT, "idp", secrets.hash(code), NOW.plusSeconds(60), mfa);
    }

    @Test
    void anAdministratorMakesAUserWhoSignsInWithAProviderAndHasNoPasswordLink() {
        fixture.givenNoPriorActivity()
                .when(new CreateUser(USER, CLIENT, "ada@example.com", "Ada", "Lovelace", "en", List.of(), "idp"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(e -> e instanceof UserCreated),
                        matches(e -> e.equals(assigned())), andNoMore())));
    }

    @Test
    void theFirstSignInFoundByVerifiedEmailBindsTheIdentityForGood() {
        fixture.given(created(), assigned())
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-1", true, false))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e.equals(new ExternalIdentityLinked(USER, CLIENT, "idp", ISSUER, "sub-1"))),
                        matches(e -> e instanceof ExternalSignInCodeIssued c && c.expiresAt().equals(NOW.plusSeconds(60))
                                && !c.mfaAsserted()),
                        andNoMore())));
        assertThat(identities.userIdOf(ISSUER, "sub-1")).contains(USER);
    }

    @Test
    void aBoundUserGetsInOnlyAsThatIdentity() {
        ExternalIdentityLinked bound = new ExternalIdentityLinked(USER, CLIENT, "idp", ISSUER, "sub-1");
        fixture.given(created(), assigned(), bound)
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-1", false, true))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        matches(e -> e instanceof ExternalSignInCodeIssued c && c.mfaAsserted()), andNoMore())));
        fixture.given(created(), assigned(), bound)
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-2", true, false))
                .expectException(problem("not-an-external-account")).expectNoEvents();
        fixture.given(created(), assigned())
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-1", false, false))
                .expectException(problem("not-an-external-account"));
    }

    @Test
    void aPasswordUserNeverGetsInThroughAProvider() {
        policies.putProviders(CLIENT, List.of("idp", "other-idp"));
        fixture.given(created(), new PasswordSet(USER, CLIENT, PASSWORD_HASH))
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-1", true, true))
                .expectException(problem("not-an-external-account")).expectNoEvents();
        fixture.given(created(), assigned())
                .when(new SignInExternally(USER, "other-idp", ISSUER, "sub-1", true, true))
                .expectException(problem("not-an-external-account"));
    }

    @Test
    void aClientThatDoesNotAllowTheProviderOrADisabledUserIsRefused() {
        policies.putProviders(CLIENT, List.of());
        fixture.given(created(), assigned())
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-1", true, false))
                .expectException(problem("provider-not-allowed"));
        policies.putProviders(CLIENT, List.of("idp"));
        fixture.given(created(), assigned(), new UserDisabled(USER, CLIENT))
                .when(new SignInExternally(USER, "idp", ISSUER, "sub-1", true, false))
                .expectException(problem("user-disabled"));
    }

    @Test
    void theOneTimeCodeGivesTokensOnceWithinAMinute() {
        fixture.given(created(), assigned(), codeIssued("c0de", false))
                .when(new ExchangeExternalSignInCode(USER, new Secret("c0de"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.authenticated(CLIENT, false))
                .expectEvents(new ExternalSignInCodeUsed(USER, CLIENT, "idp", false),
                        new LoggedInExternally(USER, CLIENT, "idp", false));
        fixture.given(created(), assigned(), codeIssued("c0de", false), new ExternalSignInCodeUsed(USER, CLIENT, "idp", false))
                .when(new ExchangeExternalSignInCode(USER, new Secret("c0de"), USER + ".c1"))
                .expectException(problem("invalid-sign-in-code"));
        fixture.given(created(), assigned(), codeIssued("c0de", false))
                .when(new ExchangeExternalSignInCode(USER, new Secret("guess"), USER + ".c1"))
                .expectException(problem("invalid-sign-in-code")).expectNoEvents();
        clock.advance(Duration.ofSeconds(60));
        fixture.given(created(), assigned(), codeIssued("c0de", false))
                .when(new ExchangeExternalSignInCode(USER, new Secret("c0de"), USER + ".c1"))
                .expectException(problem("invalid-sign-in-code"));
    }

    @Test
    void aClientThatRequiresASecondFactorAsksItsOwnUnlessTheProviderAssertedOne() {
        clientRequires(true, false);
        fixture.given(created(), assigned(), codeIssued("c0de", false))
                .when(new ExchangeExternalSignInCode(USER, new Secret("c0de"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.challenged(SecondFactor.EMAIL))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(e -> e instanceof ExternalSignInCodeUsed),
                        matches(e -> e instanceof SecondFactorChallengeIssued c && c.purpose().equals("EXTERNAL_LOGIN")),
                        andNoMore())));
        fixture.given(created(), assigned(), codeIssued("c0de", true))
                .when(new ExchangeExternalSignInCode(USER, new Secret("c0de"), USER + ".c1"))
                .expectResultMessagePayload(LoginStep.authenticated(CLIENT, false))
                .expectEvents(new ExternalSignInCodeUsed(USER, CLIENT, "idp", true),
                        new LoggedInExternally(USER, CLIENT, "idp", true));
    }
}
