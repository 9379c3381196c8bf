package dev.attest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.reactive.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Whatever goes wrong at the gateway leaves as problem JSON: unknown route, service down, service slow. */
@Component
@Order(-2)
class GatewayErrors implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    private final ObjectMapper json;

    GatewayErrors(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        if (causedBy(error, ConnectException.class)) {
            log.warn("Service unreachable for {}: {}", exchange.getRequest().getPath(), error.getMessage());
            return write(exchange, HttpStatus.BAD_GATEWAY, "service-unavailable",
                    "The service behind this path cannot be reached; try again shortly.");
        }
        if (causedBy(error, TimeoutException.class) || status(error) == HttpStatus.GATEWAY_TIMEOUT) {
            return write(exchange, HttpStatus.GATEWAY_TIMEOUT, "service-timeout",
                    "The service behind this path did not answer in time.");
        }
        HttpStatus status = status(error);
        if (status == HttpStatus.NOT_FOUND) {
            return write(exchange, status, "not-found", "There is no such path.");
        }
        if (status != null && status.is4xxClientError()) {
            return write(exchange, status, status.name().toLowerCase().replace('_', '-'),
                    status.getReasonPhrase() + ".");
        }
        log.error("Gateway failure on {}", exchange.getRequest().getPath(), error);
        return write(exchange, HttpStatus.BAD_GATEWAY, "bad-gateway", "The request could not be passed on.");
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String type, String detail) {
        return Problems.write(exchange.getResponse(), json, status, type, detail);
    }

    private static HttpStatus status(Throwable error) {
        return error instanceof ResponseStatusException e ? HttpStatus.resolve(e.getStatusCode().value()) : null;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
