package dev.attest.kit.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import dev.attest.accesstokens.AccessTokenRules;
import dev.attest.accesstokens.RememberedSignatures;
import dev.attest.accesstokens.RevokedAccess;
import dev.attest.kit.web.ProblemResponses;
import dev.attest.kit.web.Utf8RequestBodies;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Every service validates access tokens itself (the gateway does too): ES256 only, our issuer and
 * audience, not expired. Controllers receive the verified {@link Caller} as a parameter.
 */
@AutoConfiguration(before = {org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration.class,
        org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration.class})
@EnableConfigurationProperties(ResourceServerConfiguration.TokenProperties.class)
public class ResourceServerConfiguration {

    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    @ConfigurationProperties("attest.tokens")
    public record TokenProperties(String issuer, String audience, String jwksUri) {
        public TokenProperties {
            issuer = issuer == null ? "attest" : issuer;
            audience = audience == null ? "attest-api" : audience;
            jwksUri = jwksUri == null ? "http://localhost:8081/.well-known/jwks.json" : jwksUri;
        }
    }

    /** Disabled users and ended memberships, followed with the service's own Kafka settings. */
    @Bean(destroyMethod = "close")
    public RevokedAccess revokedAccess(KafkaProperties kafka) {
        return new RevokedAccess(kafka.buildConsumerProperties());
    }

    /**
     * Spring Security's own observations (a timer around every filter of the chain, every authentication and every
     * authorization) were a tenth of a service's CPU on a read; {@code http.server.requests} already times and counts
     * every request by outcome.
     */
    @Bean
    public SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @ConditionalOnMissingBean
    public JwtDecoder jwtDecoder(TokenProperties properties, RevokedAccess revokedAccess) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
        return RememberedSignatures.checking(decoder,
                AccessTokenRules.validator(properties.issuer(), properties.audience(), revokedAccess));
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    public SecurityFilterChain attestSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                "/actuator/info", "/.well-known/**", "/api/v1/auth/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((request, response, e) -> ProblemResponses.write(response, json,
                                ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthenticated",
                                        "A valid access token is required.")))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response, json,
                                ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden",
                                        "You may not do this."))))
                .build();
    }

    @Bean
    public ProblemResponses problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    public FilterRegistrationBean<Utf8RequestBodies> utf8RequestBodies(ObjectMapper json) {
        FilterRegistrationBean<Utf8RequestBodies> registration = new FilterRegistrationBean<>(new Utf8RequestBodies(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    public WebMvcConfigurer callerArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new HandlerMethodArgumentResolver() {
                    @Override
                    public boolean supportsParameter(MethodParameter parameter) {
                        return parameter.getParameterType().equals(Caller.class);
                    }

                    @Override
                    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                                  NativeWebRequest request, WebDataBinderFactory binders) {
                        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                            return Caller.from(token.getToken());
                        }
                        // Only a path open to anyone (/api/v1/auth/**) gets here without a token.
                        throw new dev.attest.kit.web.RuleViolation(dev.attest.kit.web.RuleViolation.Kind.UNAUTHENTICATED,
                                "unauthenticated", "A valid access token is required.");
                    }
                });
            }
        };
    }
}
