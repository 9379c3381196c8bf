package dev.attest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * A coarse flood guard on the authentication endpoints: requests per caller address and window. Over the
 * limit the answer is 429 with Retry-After and the request never reaches identity-service. Guessing a
 * password of one account is slowed by identity-service itself, on the account's own state.
 */
@Component
class AuthRateLimits implements GlobalFilter, Ordered {

    /**
     * @param perIp     requests per caller address (IPv6: per /64) and window to /api/v1/auth/**
     * @param ipWindow  length of that window
     * @param maxTracked how many addresses are counted at once; the least recently seen are forgotten first
     */
    @ConfigurationProperties("attest.gateway.rate-limits")
    record Limits(int perIp, Duration ipWindow, int maxTracked) {
        Limits {
            perIp = perIp <= 0 ? 60 : perIp;
            ipWindow = ipWindow == null ? Duration.ofMinutes(1) : ipWindow;
            maxTracked = maxTracked <= 0 ? 100_000 : maxTracked;
        }
    }

    /** Matched the way the routes match: on the decoded path, so {@code /api/v1/auth/%6Cogin} counts too. */
    private static final PathPattern AUTH = PathPatternParser.defaultInstance.parse("/api/v1/auth/**");

    private final Limits limits;
    private final ClientAddress clients;
    private final ObjectMapper json;
    private final Cache<String, Window> windows;

    AuthRateLimits(Limits limits, ClientAddress clients, ObjectMapper json) {
        this.limits = limits;
        this.clients = clients;
        this.json = json;
        this.windows = Caffeine.newBuilder().maximumSize(limits.maxTracked())
                .expireAfterWrite(limits.ipWindow()).build();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!AUTH.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        Duration wait = take(clients.keyOf(exchange.getRequest()));
        return wait == null ? chain.filter(exchange) : tooMany(exchange, wait);
    }

    /** Counts one request; the wait until the window ends if that was one too many, else null. */
    private Duration take(String key) {
        long now = System.currentTimeMillis();
        Window window = windows.asMap().compute(key, (k, current) -> current == null || current.endsAt() <= now
                ? new Window(now + limits.ipWindow().toMillis(), 1)
                : new Window(current.endsAt(), current.count() + 1));
        return window.count() > limits.perIp() ? Duration.ofMillis(window.endsAt() - now) : null;
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, Duration wait) {
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
        return Problems.write(exchange.getResponse(), json, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many requests from your address; wait before trying again.");
    }

    private record Window(long endsAt, int count) {
    }
}
