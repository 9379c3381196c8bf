package dev.attest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.accesstokens.AccessTokenRules;
import dev.attest.accesstokens.RememberedSignatures;
import dev.attest.accesstokens.RevokedAccess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway lets a request through to a protected route only with a valid access token: ES256 only,
 * our issuer and audience, not expired, signed by a key in identity-service's JWKS. The services check
 * the token again themselves. Only the API, the key set and the health probes (/livez, /readyz) are
 * public; metrics are on the management port, bound to loopback.
 */
@Configuration
class GatewaySecurity {

    /** @param jwksRefetchInterval the shortest time between two fetches of the key set */
    @ConfigurationProperties("attest.tokens")
    record TokenProperties(String issuer, String audience, String jwksUri, Duration jwksRefetchInterval) {
        TokenProperties {
            jwksRefetchInterval = jwksRefetchInterval == null ? Duration.ofSeconds(5) : jwksRefetchInterval;
        }
    }

    /** @param allowedOrigins the frontends' origins that may call the API from a browser */
    @ConfigurationProperties("attest.gateway.cors")
    record CorsProperties(List<String> allowedOrigins) {
        CorsProperties {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

    /** Disabled users and ended memberships, followed on the platform's Kafka ({@code KAFKA_BOOTSTRAP_SERVERS}). */
    @Bean(destroyMethod = "close")
    RevokedAccess revokedAccess(@Value("${attest.gateway.kafka.bootstrap-servers}") String bootstrapServers) {
        return new RevokedAccess(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Spring Security's observations (a timer around each filter, authentication and authorization of every request)
     * cost the gateway more than its own filters; {@code http.server.requests} and the per-route
     * {@code http.client.requests} already time every request.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties properties, WebClient.Builder web, RevokedAccess revokedAccess) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(
                        new ThrottledJwks(web.build(), properties.jwksUri(), properties.jwksRefetchInterval()))
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
        OAuth2TokenValidator<Jwt> rules = AccessTokenRules.validator(properties.issuer(), properties.audience(),
                revokedAccess);
        decoder.setJwtValidator(rules);
        RememberedSignatures remembered = new RememberedSignatures(rules);
        return token -> Mono.defer(() -> {
            Jwt known = remembered.recall(token);
            return known != null ? Mono.just(known) : decoder.decode(token).map(jwt -> remembered.remember(token, jwt));
        });
    }

    /**
     * Preflights are answered here, before any token check, and only for the configured origins; other
     * origins get no CORS headers, so browsers refuse them.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "Reauthentication"));
        cors.setExposedHeaders(List.of("Location", "Retry-After", "ETag"));
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    /**
     * Paths Spring Security's firewall refuses (an encoded slash or backslash, a dot segment, a semicolon,
     * a control character) get a problem like any other bad input, not an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler rejectedPaths(ObjectMapper json) {
        return (exchange, rejected) -> Problems.write(exchange.getResponse(), json, HttpStatus.BAD_REQUEST,
                "invalid-path", "This path is refused: encoded slashes and backslashes, dot segments, semicolons and "
                        + "control characters are not allowed in it.");
    }

    /**
     * Stateless, as the services are: without the no-op repository and request cache, Spring Security asks the
     * exchange for its web session on every request, and WebFlux makes a new one each time on another thread
     * (a random id drawn on boundedElastic, the answer handed on on parallel), so the rest of every request ran
     * off the event loop.
     */
    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, ObjectMapper json) {
        return http
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .cors(cors -> { })
                .authorizeExchange(auth -> auth
                        .pathMatchers("/api/v1/auth/**", "/.well-known/jwks.json", "/livez", "/readyz").permitAll()
                        .pathMatchers("/api/**").authenticated()
                        .anyExchange().permitAll())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> { })
                        .authenticationEntryPoint((exchange, e) -> Problems.write(exchange.getResponse(), json,
                                HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid access token is required."))
                        .accessDeniedHandler((exchange, e) -> Problems.write(exchange.getResponse(), json,
                                HttpStatus.FORBIDDEN, "forbidden", "You may not do this.")))
                .build();
    }
}
