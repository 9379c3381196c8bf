package dev.attest.identity.externalsignin;

import dev.attest.identity.credentials.ExternalIdentities;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.UserCommands.SignInExternally;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in through an OpenID Connect provider, for frontends: a redirect to the provider (authorization code
 * with PKCE, state and nonce), its callback (the code exchanged, the ID token checked: signature, issuer,
 * audience, expiry, nonce), and a redirect back to the frontend with a one-time code, or with an error.
 */
@Component
public class ExternalSignIn {

    private static final Logger log = LoggerFactory.getLogger(ExternalSignIn.class);

    private final ExternalProviders providers;
    private final PendingAuthorizations pending;
    private final ExternalIdentities identities;
    private final EmailRegistry emails;
    private final CommandGateway commands;
    private final OneTimeSecrets secrets;
    private final RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
    private final OidcIdTokenDecoderFactory idTokens = new OidcIdTokenDecoderFactory();

    public ExternalSignIn(ExternalProviders providers, PendingAuthorizations pending, ExternalIdentities identities,
                          EmailRegistry emails, CommandGateway commands, OneTimeSecrets secrets) {
        this.providers = providers;
        this.pending = pending;
        this.identities = identities;
        this.emails = emails;
        this.commands = commands;
        this.secrets = secrets;
    }

    /** Where to send the browser: the provider's authorization endpoint for a new pending sign-in. */
    public URI start(String provider, String redirectUri) {
        if (!providers.isConfigured(provider)) {
            throw ExternalProviders.unknown();
        }
        if (!providers.isAllowedRedirect(redirectUri)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-redirect-uri",
                    "redirect_uri must be one of the frontend addresses configured for sign-in.");
        }
        ClientRegistration registration = providers.registration(provider);
        PendingAuthorizations.Opened opened = pending.open(provider, redirectUri);
        return UriComponentsBuilder.fromUriString(registration.getProviderDetails().getAuthorizationUri())
                .queryParam("response_type", "code")
                .queryParam("client_id", registration.getClientId())
                .queryParam("redirect_uri", registration.getRedirectUri())
                .queryParam("scope", String.join(" ", registration.getScopes()))
                .queryParam("state", opened.state())
                .queryParam("nonce", opened.nonce())
                .queryParam(PkceParameterNames.CODE_CHALLENGE, opened.codeChallenge())
                .queryParam(PkceParameterNames.CODE_CHALLENGE_METHOD, "S256")
                .encode().build().toUri();
    }

    /**
     * The provider's answer. An unknown, used or expired {@code state} is refused outright (400, nothing to
     * redirect to); anything else ends at the frontend, with {@code code} or {@code error} (a problem type).
     */
    public URI callback(String provider, String code, String state, String error) {
        PendingAuthorizations.Pending sent = pending.take(state).filter(p -> p.provider().equals(provider))
                .orElseThrow(() -> new RuleViolation(RuleViolation.Kind.INVALID, "invalid-oauth2-state",
                        "This sign-in is unknown, was used or expired; start it again."));
        if (error != null || code == null) {
            return back(sent, "error", "provider-refused");
        }
        try {
            Jwt idToken = idTokenFor(providers.registration(provider), code, state, sent);
            String email = idToken.getClaimAsString("email");
            boolean emailVerified = Boolean.TRUE.equals(idToken.getClaimAsBoolean("email_verified"));
            List<String> amr = Optional.ofNullable(idToken.getClaimAsStringList("amr")).orElse(List.of());
            boolean mfa = amr.contains("mfa") || amr.contains("otp");
            String issuer = idToken.getIssuer().toString();
            Optional<String> bound = identities.userIdOf(issuer, idToken.getSubject());
            Optional<String> userId = bound.isPresent() ? bound
                    : emailVerified && email != null ? emails.userIdOf(email) : Optional.empty();
            if (userId.isEmpty()) {
                return back(sent, "error", emailVerified ? "no-such-account" : "email-not-verified");
            }
            Secret secret = commands.sendAndWait(new SignInExternally(userId.get(), provider, issuer,
                    idToken.getSubject(), bound.isEmpty(), mfa));
            return back(sent, "code", userId.get() + "." + secret.value());
        } catch (RuleViolation refused) {
            return back(sent, "error", refused.type());
        } catch (JwtException | OAuth2AuthorizationException | IllegalArgumentException rejected) {
            log.warn("External sign-in through {} refused: {}", provider, rejected.getMessage());
            return back(sent, "error", "invalid-id-token");
        }
    }

    private Jwt idTokenFor(ClientRegistration registration, String code, String state,
                           PendingAuthorizations.Pending sent) {
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(registration.getProviderDetails().getAuthorizationUri())
                .clientId(registration.getClientId()).redirectUri(registration.getRedirectUri())
                .scopes(registration.getScopes()).state(state)
                .attributes(attributes -> attributes.put(PkceParameterNames.CODE_VERIFIER, sent.codeVerifier()))
                .build();
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
                .redirectUri(registration.getRedirectUri()).state(state).build();
        OAuth2AccessTokenResponse answer = tokens.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(registration,
                new OAuth2AuthorizationExchange(request, response)));
        Object idToken = answer.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN);
        if (!(idToken instanceof String value)) {
            throw new IllegalArgumentException("the provider sent no ID token");
        }
        Jwt jwt = idTokens.createDecoder(registration).decode(value);
        String nonce = jwt.getClaimAsString("nonce");
        if (nonce == null || !MessageDigest.isEqual(secrets.hash(nonce).getBytes(StandardCharsets.US_ASCII),
                sent.nonceHash().getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the ID token's nonce is not this sign-in's");
        }
        return jwt;
    }

    private static URI back(PendingAuthorizations.Pending sent, String parameter, String value) {
        return UriComponentsBuilder.fromUriString(sent.redirectUri()).queryParam(parameter, value).encode().build().toUri();
    }
}
