package dev.attest.identity.config;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.attest.identity.signingkeys.SigningKeyRing;
import dev.attest.accesstokens.AccessTokenRules;
import dev.attest.accesstokens.RememberedSignatures;
import dev.attest.accesstokens.RevokedAccess;
import dev.attest.kit.security.ResourceServerConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

@Configuration
class IdentitySecurity {

    /** identity-service checks tokens with its own published keys rather than fetching its own JWKS. */
    @Bean
    JwtDecoder jwtDecoder(SigningKeyRing keys, ResourceServerConfiguration.TokenProperties properties,
                          RevokedAccess revokedAccess) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        JWKSource<SecurityContext> published = (selector, context) -> selector.select(keys.published());
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ResourceServerConfiguration.ALGORITHM, published));
        processor.setJWTClaimsSetVerifier((claims, context) -> { }); // Spring's validator below checks claims
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        return RememberedSignatures.checking(decoder,
                AccessTokenRules.validator(properties.issuer(), properties.audience(), revokedAccess));
    }
}
