package dev.attest.gateway;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the services who called, as the gateway worked it out ({@link ClientAddress}), so a session shows
 * where it was started; a value the caller sent in the same header is dropped first.
 */
@Component
class ClientAddressHeader implements GlobalFilter, Ordered {

    private final ClientAddress clients;

    ClientAddressHeader(ClientAddress clients) {
        this.clients = clients;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String address = clients.addressOf(exchange.getRequest());
        return chain.filter(exchange.mutate().request(request -> request.headers(headers -> {
            headers.remove(ClientAddress.HEADER);
            if (address != null) {
                headers.set(ClientAddress.HEADER, address);
            }
        })).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
