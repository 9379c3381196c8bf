package dev.attest.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: every POST to /api/v1/auth/** counts against the caller's IP address,
 * and every login against the account (the e-mail address it names). Over a limit the answer is 429
 * with Retry-After, and the request never reaches identity-service.
 */
@Component
class AuthRateLimits implements GlobalFilter, Ordered {

    /**
     * @param perIp          requests per IP address and window on the authentication endpoints
     * @param ipWindow       length of that window
     * @param perAccount     login attempts per e-mail address and window
     * @param accountWindow  length of that window
     */
    @ConfigurationProperties("attest.gateway.rate-limits")
    record Limits(int perIp, Duration ipWindow, int perAccount, Duration accountWindow) {
        Limits {
            perIp = perIp <= 0 ? 60 : perIp;
            ipWindow = ipWindow == null ? Duration.ofMinutes(1) : ipWindow;
            perAccount = perAccount <= 0 ? 10 : perAccount;
            accountWindow = accountWindow == null ? Duration.ofMinutes(15) : accountWindow;
        }
    }

    private static final int MAX_TRACKED_KEYS = 100_000;
    private static final String LOGIN = "/api/v1/auth/login";

    private final Limits limits;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    AuthRateLimits(Limits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (exchange.getRequest().getMethod() != HttpMethod.POST || !path.startsWith("/api/v1/auth/")) {
            return chain.filter(exchange);
        }
        Duration wait = take("ip:" + clientAddress(exchange), limits.perIp(), limits.ipWindow());
        if (wait != null) {
            return tooMany(exchange, wait);
        }
        if (!path.equals(LOGIN)) {
            return chain.filter(exchange);
        }
        return ServerWebExchangeUtils.cacheRequestBody(exchange, request -> {
            ServerWebExchange cached = exchange.mutate().request(request).build();
            String account = accountOf(cached.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR));
            Duration accountWait = account == null ? null
                    : take("account:" + account, limits.perAccount(), limits.accountWindow());
            return accountWait == null ? chain.filter(cached) : tooMany(cached, accountWait);
        });
    }

    private Duration take(String key, int limit, Duration length) {
        long now = clock.millis();
        if (windows.size() > MAX_TRACKED_KEYS) {
            windows.values().removeIf(w -> w.endsAt() <= now);
        }
        Window window = windows.compute(key, (k, current) -> current == null || current.endsAt() <= now
                ? new Window(now + length.toMillis(), 1)
                : new Window(current.endsAt(), current.count() + 1));
        return window.count() > limit ? Duration.ofMillis(window.endsAt() - now) : null;
    }

    private String accountOf(DataBuffer body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode email = json.readTree(body.toString(StandardCharsets.UTF_8)).path("email");
            return email.isTextual() ? email.asText().trim().toLowerCase(Locale.ROOT) : null;
        } catch (java.io.IOException malformed) {
            return null; // identity-service answers malformed bodies with 400
        }
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, Duration wait) {
        exchange.getResponse().getHeaders().set("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
        return Problems.write(exchange.getResponse(), json, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Too many attempts; wait before trying again.");
    }

    private record Window(long endsAt, int count) {
    }
}
