package dev.attest.identity.externalsignin;

import dev.attest.kit.web.RuleViolation;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured providers as Spring Security client registrations, found by OpenID Connect discovery on
 * first use (a provider that is down at start does not stop identity-service; it is asked again next time).
 */
@Component
public class ExternalProviders {

    private final ExternalSignInProperties properties;
    private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();

    public ExternalProviders(ExternalSignInProperties properties) {
        this.properties = properties;
    }

    public boolean isConfigured(String provider) {
        return provider != null && properties.providers().containsKey(provider);
    }

    /** The name users know the provider by, for mails. */
    public String displayName(String provider) {
        ExternalSignInProperties.Provider configured = properties.providers().get(provider);
        return configured == null || configured.displayName() == null ? provider : configured.displayName();
    }

    /** 404 {@code unknown-provider} unless configured; discovery failing is a 502-like outage of the provider. */
    public ClientRegistration registration(String provider) {
        ExternalSignInProperties.Provider configured = Optional.ofNullable(properties.providers().get(provider))
                .orElseThrow(ExternalProviders::unknown);
        return discovered.computeIfAbsent(provider, id -> ClientRegistrations
                .fromOidcIssuerLocation(configured.issuerUri())
                .registrationId(id)
                .clientId(configured.clientId())
                .clientSecret(configured.clientSecret())
                .redirectUri(properties.publicUrl() + "/api/v1/auth/oauth2/" + id + "/callback")
                .scope("openid", "email", "profile")
                .build());
    }

    /** Where users start a sign-in: the gateway's public address. */
    public String publicUrl() {
        return properties.publicUrl();
    }

    public boolean isAllowedRedirect(String redirectUri) {
        return redirectUri != null && properties.redirectUris().contains(redirectUri);
    }

    static RuleViolation unknown() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "unknown-provider",
                "There is no such sign-in provider.");
    }
}
