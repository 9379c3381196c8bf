package dev.attest.identity.externalsignin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * The OpenID Connect providers users may sign in with, and where sign-ins end.
 *
 * @param providers    by id (the {@code provider} of the API): issuer URI (discovery reads
 *                     {@code <issuer>/.well-known/openid-configuration}), client id and secret, a name for mails
 * @param redirectUris the frontend addresses a finished sign-in may be sent to, exactly as given (nothing else:
 *                     no open redirect)
 * @param publicUrl    the gateway's public base URL; providers send browsers back to
 *                     {@code <it>/api/v1/auth/oauth2/<provider>/callback}
 */
@ConfigurationProperties("attest.identity.external-sign-in")
public record ExternalSignInProperties(Map<String, Provider> providers, List<String> redirectUris, String publicUrl) {

    public record Provider(String issuerUri, String clientId, String clientSecret, String displayName) {
    }

    public ExternalSignInProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
        publicUrl = publicUrl == null ? "http://localhost:8080" : publicUrl.replaceAll("/+$", "");
    }
}
