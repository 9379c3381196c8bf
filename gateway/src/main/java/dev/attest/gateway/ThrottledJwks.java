package dev.attest.gateway;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * identity-service's key set, fetched again only when a token names a key we do not have, and then at
 * most once per {@code minInterval}: tokens with made-up key ids cannot turn the gateway into a load
 * generator against identity-service. Requests that arrive while a fetch runs wait for that one fetch.
 */
final class ThrottledJwks implements Function<SignedJWT, Flux<JWK>> {

    private static final Logger log = LoggerFactory.getLogger(ThrottledJwks.class);

    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);

    private final WebClient web;
    private final String uri;
    private final long minIntervalNanos;
    private Mono<JWKSet> latest = Mono.just(new JWKSet());
    private long fetchedAtNanos;
    private boolean fetchedOnce;

    ThrottledJwks(WebClient web, String uri, Duration minInterval) {
        this.web = web;
        this.uri = uri;
        this.minIntervalNanos = minInterval.toNanos();
    }

    @Override
    public Flux<JWK> apply(SignedJWT jwt) {
        JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
        if (matcher == null) {
            return Flux.empty(); // an algorithm no key of ours can have
        }
        JWKSelector selector = new JWKSelector(matcher);
        return current().flatMapMany(keys -> {
            List<JWK> found = selector.select(keys);
            return found.isEmpty() ? refreshed().flatMapIterable(selector::select) : Flux.fromIterable(found);
        });
    }

    private synchronized Mono<JWKSet> current() {
        return fetchedOnce ? latest : refreshed();
    }

    /** A new fetch unless one started less than minInterval ago; then that one's result. */
    private synchronized Mono<JWKSet> refreshed() {
        long now = System.nanoTime();
        if (fetchedOnce && now - fetchedAtNanos < minIntervalNanos) {
            return latest;
        }
        fetchedOnce = true;
        fetchedAtNanos = now;
        Mono<JWKSet> previous = latest;
        latest = web.get().uri(uri).retrieve().bodyToMono(String.class)
                .timeout(FETCH_TIMEOUT) // a hung fetch must not hold every request that waits for it
                .map(ThrottledJwks::parse)
                .onErrorResume(failure -> {
                    log.warn("Cannot fetch the key set from {}: {}", uri, failure.toString());
                    return previous;
                })
                .cache();
        return latest;
    }

    private static JWKSet parse(String body) {
        try {
            return JWKSet.parse(body);
        } catch (ParseException e) {
            throw new IllegalStateException("not a JWK set", e);
        }
    }
}
