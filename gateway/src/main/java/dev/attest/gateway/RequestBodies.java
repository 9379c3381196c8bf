package dev.attest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * The first thing every request meets: a body over the limit is refused with 413 before anything
 * buffers, decodes or counts it (a declared length at once, a chunked body as soon as it passes the
 * limit), and a body declared in any charset but UTF-8 gets 415, as in the services. What passes is held
 * as one small heap array, so the rest of the chain and the service see exactly these bytes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodies implements WebFilter {

    private final int maxBytes;
    private final ObjectMapper json;

    RequestBodies(@Value("${attest.gateway.max-body-size:64KB}") DataSize maxBody, ObjectMapper json) {
        this.maxBytes = Math.toIntExact(maxBody.toBytes());
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        boolean hasBody = headers.getContentLength() > 0 || headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
        if (!hasBody) {
            return chain.filter(exchange);
        }
        if (headers.getContentLength() > maxBytes) {
            return tooLarge(exchange);
        }
        if (!declaresUtf8OrNothing(headers)) {
            return Problems.write(exchange.getResponse(), json, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-charset", "Request bodies are read as UTF-8 only; send them in UTF-8.");
        }
        return DataBufferUtils.join(request.getBody(), maxBytes)
                .map(RequestBodies::copyAndRelease)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> chain.filter(exchange.mutate().request(withBody(request, body, exchange)).build()))
                .onErrorResume(DataBufferLimitException.class, tooBig -> tooLarge(exchange));
    }

    static boolean declaresUtf8OrNothing(HttpHeaders headers) {
        try {
            MediaType type = headers.getContentType();
            return type == null || type.getParameter("charset") == null
                    || StandardCharsets.UTF_8.equals(type.getCharset());
        } catch (IllegalArgumentException malformedOrUnknownCharset) { // InvalidMediaTypeException, UnsupportedCharsetException
            return false;
        }
    }

    private static byte[] copyAndRelease(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    private static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body, ServerWebExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.length);
        return new ServerHttpRequestDecorator(request) {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return Problems.write(exchange.getResponse(), json, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                "The request body is larger than " + maxBytes / 1024 + " KB.");
    }
}
