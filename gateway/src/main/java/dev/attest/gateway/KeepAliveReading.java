package dev.attest.gateway;

import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServer;

/**
 * Every request is handled in an event-loop task of its own, never inside the call that hands it over.
 *
 * <p>Reactor Netty 1.2 (up to 1.2.18, the newest 1.2 release here) queues a request that arrives on a keep-alive
 * connection while the previous response is still being finished, which is what a proxied response and a fast client
 * produce. If the queued request is then answered at once (a 401, 404, 413 or 429 the gateway writes itself), its
 * answer is written while the rest of the request is still queued, the queue drains without re-arming the read, and
 * the connection never reads again: the client's next request waits until it gives up (reactor-netty issues 4347 and
 * 4361, fixed after 1.2.18). Handling the request in a later task lets the queue drain first, so the answer finds it
 * empty and reading goes on. It costs one task per request on the connection's own event loop, no thread hop.
 */
@Component
class KeepAliveReading implements NettyServerCustomizer {

    @Override
    public HttpServer apply(HttpServer server) {
        return server.mapHandle((handling, connection) ->
                handling.subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop())));
    }
}
