package dev.attest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.attest.embedded.testing.ArchitectureRules;
import dev.attest.embedded.testing.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of plain HTTP upstreams: one that answers with what it received, one that never
 * answers in time, and a port where nothing listens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
        "attest.gateway.rate-limits.per-ip=8"})
class GatewayIT {

    static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    static final ObjectMapper JSON = new ObjectMapper();
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static final HttpServer ECHO = server(exchange -> {
        String seen = "path=" + exchange.getRequestURI() + "\nauthorization=" + exchange.getRequestHeaders()
                .getFirst("Authorization") + "\ncookie=" + exchange.getRequestHeaders().getFirst("Cookie");
        byte[] body = seen.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    });
    static final HttpServer SLOW = server(exchange -> {
        try {
            NEVER.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(204, -1);
    });
    static final int NOTHING_LISTENS = closedPort();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("IDENTITY_URL", () -> "http://127.0.0.1:" + ECHO.getAddress().getPort());
        registry.add("MEMBERSHIP_URL", () -> "http://127.0.0.1:" + SLOW.getAddress().getPort());
        registry.add("NOTIFICATION_URL", () -> "http://127.0.0.1:" + NOTHING_LISTENS);
        registry.add("attest.tokens.jwks-uri", TOKENS::jwksUri);
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        ECHO.stop(0);
        SLOW.stop(0);
        TOKENS.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aValidTokenPassesAndIsForwardedButCookiesAreNot() throws Exception {
        String token = TOKENS.userToken("u1", "c1");
        HttpResponse<String> response = send(request("/api/v1/me").header("Authorization", "Bearer " + token)
                .header("Cookie", "session=abc"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("path=/api/v1/me", "authorization=Bearer " + token, "cookie=null");
    }

    @Test
    void protectedRoutesNeedAValidToken() throws Exception {
        HttpResponse<String> none = send(request("/api/v1/users"));
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(none.body()).path("type").asText()).isEqualTo("https://attest.dev/problems/unauthenticated");

        try (TestTokenIssuer stranger = new TestTokenIssuer()) {
            assertThat(send(request("/api/v1/users").header("Authorization", "Bearer " + stranger.userToken("u1", "c1")))
                    .statusCode()).as("signed by a key not in the JWKS").isEqualTo(401);
        }
        String expired = TOKENS.token("u1", java.util.Map.of("cid", "c1"), Duration.ofMinutes(-5));
        assertThat(send(request("/api/v1/users").header("Authorization", "Bearer " + expired)).statusCode())
                .isEqualTo(401);
        String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSIsImlzcyI6ImF0dGVzdCIsImF1ZCI6ImF0dGVzdC1hcGkifQ.";
        assertThat(send(request("/api/v1/users").header("Authorization", "Bearer " + unsigned)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void anUnreachableServiceIs502AndASlowOne504() throws Exception {
        String token = TOKENS.operatorToken();
        HttpResponse<String> down = send(request("/api/v1/notifications/deliveries")
                .header("Authorization", "Bearer " + token));
        assertThat(down.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(down.body()).path("type").asText()).endsWith("/service-unavailable");

        HttpResponse<String> slow = send(request("/api/v1/clients/c1").header("Authorization", "Bearer " + token));
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(JSON.readTree(slow.body()).path("type").asText()).endsWith("/service-timeout");
    }

    @Test
    void anUnknownPathIs404ProblemJson() throws Exception {
        HttpResponse<String> unknown = send(request("/nowhere"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("type").asText()).isEqualTo("https://attest.dev/problems/not-found");
    }

    @Test
    void theAuthenticationEndpointsAreRateLimitedPerAddress() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            statuses.add(send(request("/api/v1/auth/refresh").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\"x\"}"))).statusCode());
        }
        assertThat(statuses.subList(0, 8)).doesNotContain(429);
        assertThat(statuses.subList(8, 10)).containsOnly(429);
    }

    @Test
    void theGatewayDependsOnNoService() {
        ArchitectureRules.dependsOnNoOtherService("gateway").check(ArchitectureRules.importService("gateway"));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpServer server(com.sun.net.httpserver.HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "upstream");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/", handler);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
