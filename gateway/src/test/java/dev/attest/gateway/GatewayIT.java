package dev.attest.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.Topics;
import dev.attest.embedded.KafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import com.sun.net.httpserver.HttpServer;
import dev.attest.embedded.testing.ArchitectureRules;
import dev.attest.embedded.testing.TestTokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway in front of plain HTTP upstreams: one that answers with what it received, one that never
 * answers in time, and a port where nothing listens.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = {GatewayApplication.class,
        GatewayIT.CountedSessions.class}, properties = {
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
        // the slow upstream's connections would hold the graceful shutdown for its full 30 s
        "spring.lifecycle.timeout-per-shutdown-phase=1s",
        "attest.gateway.rate-limits.per-ip=8",
        // The test client is "a proxy", so each test can act as its own caller through X-Forwarded-For.
        "attest.gateway.trusted-proxies=127.0.0.1,::1",
        "attest.gateway.cors.allowed-origins=http://localhost:3000",
        "management.server.port=0"})
class GatewayIT {

    static final TestTokenIssuer TOKENS = new TestTokenIssuer();
    static final KafkaBroker KAFKA = KafkaBroker.start(temporaryDirectory(), 0);
    static final ObjectMapper JSON = new ObjectMapper();
    static final CountDownLatch NEVER = new CountDownLatch(1);
    static final AtomicInteger ECHOED = new AtomicInteger();
    static final HttpServer ECHO = server(exchange -> {
        ECHOED.incrementAndGet();
        String seen = "path=" + exchange.getRequestURI() + "\nauthorization=" + exchange.getRequestHeaders()
                .getFirst("Authorization") + "\ncookie=" + exchange.getRequestHeaders().getFirst("Cookie")
                + "\nclient=" + exchange.getRequestHeaders().get("X-Attest-Client-Address");
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
        registry.add("attest.gateway.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        ECHO.stop(0);
        SLOW.stop(0);
        TOKENS.close();
        KAFKA.close();
    }

    /** Counts who asks for a web session: the gateway is stateless and must never. */
    @org.springframework.boot.test.context.TestConfiguration
    static class CountedSessions {
        static final AtomicInteger ASKED = new AtomicInteger();

        @org.springframework.context.annotation.Bean(name = "webSessionManager")
        org.springframework.web.server.session.WebSessionManager webSessionManager() {
            var sessions = new org.springframework.web.server.session.DefaultWebSessionManager();
            // WebFlux asks at once for every exchange; what counts is that nobody subscribes
            return exchange -> reactor.core.publisher.Mono.defer(() -> {
                ASKED.incrementAndGet();
                return sessions.getSession(exchange);
            });
        }
    }

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void aValidTokenPassesAndIsForwardedButCookiesAreNot() throws Exception {
        String token = TOKENS.userToken("u1", "c1");
        HttpResponse<String> response = send(request("/api/v1/me").header("Authorization", "Bearer " + token)
                .header("Cookie", "session=abc"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("path=/api/v1/me", "authorization=Bearer " + token, "cookie=null");
    }

    /** A web session costs a random id drawn on another thread, and the request went on there (issue 12). */
    @Test
    void noRequestAsksForAWebSession() throws Exception {
        int before = CountedSessions.ASKED.get();
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1")))
                .statusCode()).isEqualTo(200);
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer not-a-token")).statusCode())
                .isEqualTo(401);
        assertThat(send(request("/api/v1/me")).statusCode()).isEqualTo(401);
        assertThat(CountedSessions.ASKED.get()).as("web sessions asked for").isEqualTo(before);
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
    void tokensOfTheWrongKindAreRefused() throws Exception {
        Map<String, Object> claims = Map.of("cid", "c1", "mk", "MAIN", "use", "interactive");
        for (var token : TOKENS.forgeries("u1", claims).entrySet()) {
            HttpResponse<String> refused = send(request("/api/v1/me").header("Authorization", "Bearer " + token.getValue()));
            assertThat(refused.statusCode()).as(token.getKey()).isEqualTo(401);
            assertThat(JSON.readTree(refused.body()).path("type").asText()).as(token.getKey()).endsWith("/unauthenticated");
        }
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer "
                + TOKENS.tokenFor(TestTokenIssuer.ISSUER, TestTokenIssuer.AUDIENCE, "u1", claims))).statusCode())
                .as("the same token, right issuer and audience").isEqualTo(200);
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

    /** Only the login obeys a client's policy, so identity-service keeps it; the rest of a client is membership's. */
    @Test
    void aClientsPolicyIsServedByIdentityServiceAndTheClientByMembershipService() throws Exception {
        String token = TOKENS.userToken("u1", "c1");
        HttpResponse<String> policy = send(request("/api/v1/clients/c1/policy").header("Authorization", "Bearer " + token));
        assertThat(policy.statusCode()).isEqualTo(200);
        assertThat(policy.body()).contains("path=/api/v1/clients/c1/policy");
        HttpResponse<String> deeper = send(request("/api/v1/clients/c1/policy/x").header("Authorization", "Bearer " + token));
        assertThat(deeper.statusCode()).as("not identity's: membership (slow here) answers").isEqualTo(504);
    }

    /** The services learn the caller's address from the gateway alone: a value the caller sends is replaced. */
    @Test
    void theServicesAreToldTheCallersAddressAndNotWhatTheCallerClaims() throws Exception {
        HttpResponse<String> echoed = send(request("/api/v1/me").header("Authorization", "Bearer "
                + TOKENS.userToken("u1", "c1")).header("X-Attest-Client-Address", "203.0.113.66"));
        assertThat(echoed.body()).contains("client=[127.0.0.1]").doesNotContain("203.0.113.66");
    }

    /** Refused before routing, whoever asks: no service sees the path. */
    @Test
    void pathsTheFirewallRefusesGetAProblem() throws Exception {
        String token = TOKENS.userToken("u1", "c1");
        int echoedBefore = ECHOED.get();
        for (String path : List.of("/api/v1/clients/c1%2Fpolicy", "/api/v1/me%2F..%2Fusers", "/api/v1/me%5Ctwo-factor",
                "/api/v1/me;x=1/two-factor", "/api/v1/me/%2e%2e/users")) {
            HttpResponse<String> refused = send(request(path).header("Authorization", "Bearer " + token));
            assertThat(refused.statusCode()).as(path).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValue("application/problem+json");
            assertThat(JSON.readTree(refused.body()).path("type").asText()).as(path)
                    .isEqualTo("https://attest.dev/problems/invalid-path");
        }
        assertThat(ECHOED.get()).isEqualTo(echoedBefore);
    }

    @Test
    void anUnknownPathIs404ProblemJson() throws Exception {
        HttpResponse<String> unknown = send(request("/nowhere"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("type").asText()).isEqualTo("https://attest.dev/problems/not-found");
    }

    @Test
    void theAuthenticationEndpointsAreRateLimitedPerAddress() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(send(request("/api/v1/auth/refresh").header("X-Forwarded-For", "203.0.113.10")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"refreshToken\":\"x\"}"))));
        }
        assertThat(responses.subList(0, 8)).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(responses.subList(8, 10)).extracting(HttpResponse::statusCode).containsOnly(429);
        HttpResponse<String> limited = responses.get(9);
        assertThat(JSON.readTree(limited.body()).path("type").asText()).endsWith("/rate-limited");
        assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(send(request("/api/v1/auth/refresh").header("X-Forwarded-For", "203.0.113.11")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
                .as("another address has its own budget").isEqualTo(200);
    }

    @Test
    void encodedPathsCountAsWhatTheyRouteTo() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("/api/v1/auth/%6Cogin", "/api/v1/%61uth/login", "/api/v1/auth/login")) {
            for (int i = 0; i < 3; i++) {
                statuses.add(send(request(path).header("X-Forwarded-For", "203.0.113.20")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
            }
        }
        assertThat(statuses.subList(0, 8)).containsOnly(200);
        assertThat(statuses.get(8)).as("the ninth, whatever its spelling").isEqualTo(429);
    }

    @Test
    void ipv6CallersAreCountedPerSlash64() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            statuses.add(send(request("/api/v1/auth/refresh").header("X-Forwarded-For", "2001:db8:1:2::" + (i + 1))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode());
        }
        assertThat(statuses.subList(0, 8)).containsOnly(200);
        assertThat(statuses.get(8)).as("nine addresses of one /64 share a budget").isEqualTo(429);
    }

    @Test
    void bodiesOverTheLimitAre413BeforeAnyoneReadsThem() throws Exception {
        int before = ECHOED.get();
        String big = "{\"refreshToken\":\"" + "x".repeat(70 * 1024) + "\"}";
        HttpResponse<String> declared = send(request("/api/v1/auth/refresh").header("X-Forwarded-For", "203.0.113.30")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).path("type").asText()).endsWith("/payload-too-large");

        byte[] fiveMegabytes = ("{\"email\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = send(request("/api/v1/auth/login").header("X-Forwarded-For", "203.0.113.30")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(fiveMegabytes))));
        assertThat(chunked.statusCode()).as("chunked, no Content-Length").isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).path("type").asText()).endsWith("/payload-too-large");
        assertThat(ECHOED.get()).as("nothing reached the service").isEqualTo(before);

        HttpResponse<String> small = send(request("/api/v1/auth/refresh").header("X-Forwarded-For", "203.0.113.31")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"refreshToken\":\"x\"}".getBytes(StandardCharsets.UTF_8)))));
        assertThat(small.statusCode()).as("a small chunked body passes").isEqualTo(200);
    }

    @Test
    void headersOverSixteenKilobytesAreRefused() throws Exception {
        int before = ECHOED.get();
        // Over HTTP/1.1, as curl gets the 431 at once: Java's default client, which offers an h2c upgrade,
        // was seen waiting until its timeout on a request this large.
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> huge = http11.send(request("/api/v1/me").header("Authorization", "Bearer "
                + TOKENS.userToken("u1", "c1")).header("X-Padding", "p".repeat(17 * 1024)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(431);
        assertThat(ECHOED.get()).isEqualTo(before);
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1"))
                .header("X-Padding", "p".repeat(8 * 1024))).statusCode()).as("8 KB of headers pass").isEqualTo(200);
    }

    @Test
    void bodiesInAnotherCharsetThanUtf8Are415() throws Exception {
        int before = ECHOED.get();
        HttpResponse<String> utf16 = send(request("/api/v1/auth/login").header("X-Forwarded-For", "203.0.113.40")
                .header("Content-Type", "application/json; charset=UTF-16")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@b.test\"}", StandardCharsets.UTF_16)));
        assertThat(utf16.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(utf16.body()).path("type").asText()).endsWith("/unsupported-charset");
        HttpResponse<String> unknown = send(request("/api/v1/auth/login").header("X-Forwarded-For", "203.0.113.40")
                .header("Content-Type", "application/json; charset=x-made-up")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unknown.statusCode()).isEqualTo(415);
        assertThat(ECHOED.get()).isEqualTo(before);
        assertThat(send(request("/api/v1/auth/login").header("X-Forwarded-For", "203.0.113.40")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsAreOnlyOnTheLoopbackManagementPort() throws Exception {
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1")))
                .statusCode()).as("a request timed, and passed on").isEqualTo(200);
        assertThat(send(request("/actuator/prometheus")).statusCode()).isEqualTo(404);
        assertThat(send(request("/actuator/health")).statusCode()).isEqualTo(404);
        assertThat(send(request("/livez")).statusCode()).isEqualTo(200);
        assertThat(send(request("/readyz")).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count",
                "http_client_requests_seconds_count{").as("Spring Security's observations are off")
                .doesNotContain("spring_security_");
    }

    @Test
    void preflightsFromConfiguredOriginsAreAnsweredAndOthersAreNot() throws Exception {
        HttpResponse<String> allowed = send(request("/api/v1/me").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").map(String::toLowerCase))
                .hasValue("authorization");
        HttpResponse<String> reauthenticated = send(request("/api/v1/me/two-factor/totp")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization,reauthentication"));
        assertThat(reauthenticated.statusCode()).isEqualTo(200);
        assertThat(reauthenticated.headers().firstValue("Access-Control-Allow-Headers").map(String::toLowerCase))
                .hasValue("authorization, reauthentication");

        HttpResponse<String> foreign = send(request("/api/v1/me").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.test").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> simple = send(request("/api/v1/me").header("Origin", "http://localhost:3000")
                .header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1")));
        assertThat(simple.statusCode()).isEqualTo(200);
        assertThat(simple.headers().allValues("Access-Control-Allow-Origin")).containsExactly("http://localhost:3000");
    }

    @Test
    void unknownKeyIdsDoNotMakeTheGatewayFetchTheKeySetEachTime() throws Exception {
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1")))
                .statusCode()).isEqualTo(200);
        int before = TOKENS.jwksRequests();
        for (int i = 0; i < 20; i++) {
            String forged = TOKENS.token("u1", java.util.Map.of("cid", "c1"), Duration.ofMinutes(5),
                    UUID.randomUUID().toString());
            assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + forged)).statusCode())
                    .isEqualTo(401);
        }
        assertThat(TOKENS.jwksRequests() - before).as("key set fetches for 20 unknown key ids").isLessThanOrEqualTo(1);
    }

    /**
     * A request the gateway answers itself (401 here), arriving while a proxied response is still being finished on
     * the same keep-alive connection, is queued by the server; the connection must go on reading afterwards.
     * Reactor Netty 1.2 stopped reading such a connection for good: the next request waited until the client gave up.
     */
    @Test
    void aKeepAliveConnectionGoesOnAfterARequestTheGatewayAnswersWhileAProxiedOneFinishes() throws Exception {
        String valid = TOKENS.userToken("u1", "c1");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            var in = new java.io.BufferedInputStream(socket.getInputStream());
            var out = socket.getOutputStream();
            for (int round = 0; round < 20; round++) {
                // pipelined: the second request is there before the first one's proxied answer is finished
                out.write((get("/api/v1/me", valid) + get("/api/v1/me", "not-a-token")).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(statusOf(in)).as("round %d, proxied", round).isEqualTo(200);
                assertThat(statusOf(in)).as("round %d, refused by the gateway", round).isEqualTo(401);
                out.write(get("/api/v1/me", valid).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(statusOf(in)).as("round %d, the next request on the connection", round).isEqualTo(200);
            }
        }
    }

    private static String get(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    /** Reads one response (headers and a Content-Length body) off the connection and gives its status. */
    private static int statusOf(java.io.InputStream in) throws IOException {
        List<String> head = new ArrayList<>();
        for (String line = lineOf(in); !line.isEmpty(); line = lineOf(in)) {
            head.add(line);
        }
        int length = head.stream().filter(h -> h.regionMatches(true, 0, "content-length:", 0, 15))
                .map(h -> Integer.parseInt(h.substring(15).trim())).findFirst()
                .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
        in.readNBytes(length);
        return Integer.parseInt(head.get(0).split(" ")[1]);
    }

    private static String lineOf(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("connection closed after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** identity-service says so on Kafka; the gateway refuses the user's live token within a second. */
    @Test
    void theTokensOfADisabledUserAreRefusedFromTheMomentItIsDisabled() throws Exception {
        String token = TOKENS.userToken("u-disabled", "c1");
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
        try (KafkaProducer<String, byte[]> identity = new KafkaProducer<>(java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            identity.send(userEvent("u-disabled", "dev.attest.identity.UserDisabled.v1")).get();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                HttpResponse<String> refused = send(request("/api/v1/me").header("Authorization", "Bearer " + token));
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(JSON.readTree(refused.body()).path("type").asText()).endsWith("/unauthenticated");
            });
            assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + TOKENS.userToken("u1", "c1")))
                    .statusCode()).as("other users go on").isEqualTo(200);

            identity.send(userEvent("u-disabled", "dev.attest.identity.UserEnabled.v1")).get();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                    send(request("/api/v1/me").header("Authorization", "Bearer " + token)).statusCode() == 200);
        }
    }

    /** membership-service says so on Kafka; the gateway refuses the guest's live token for that client at once. */
    @Test
    void theTokensOfAGuestForAClientItLeftAreRefusedAndItsOtherTokensAreNot() throws Exception {
        String guest = TOKENS.userToken("u-guest", "c-left");
        String home = TOKENS.userToken("u-guest", "c-home");
        assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + guest)).statusCode()).isEqualTo(200);
        try (KafkaProducer<String, byte[]> membership = new KafkaProducer<>(java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            String body = "{\"membershipId\":\"m-g\","
                    + "\"userId\":\"u-guest\",\"clientId\":\"c-left\",\"reason\":\"LEFT\"}";
            ProducerRecord<String, byte[]> left = new ProducerRecord<>(Topics.MEMBERSHIP_MEMBERSHIP, "m-g",
                    body.getBytes(StandardCharsets.UTF_8));
            left.headers().add("ce_type", "dev.attest.membership.ClientLeft.v1".getBytes(StandardCharsets.UTF_8))
                    .add("ce_time", java.time.Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            membership.send(left).get();
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).until(() ->
                    send(request("/api/v1/me").header("Authorization", "Bearer " + guest)).statusCode() == 401);
            assertThat(send(request("/api/v1/me").header("Authorization", "Bearer " + home)).statusCode())
                    .as("her token for her main client goes on").isEqualTo(200);
        }
    }

    /** The caller's groups, invitations and leaving a client are membership's; the list of clients is identity's. */
    @Test
    void theCallersGroupsInvitationsAndLeavingAreRoutedToMembershipService() throws Exception {
        String token = TOKENS.userToken("u1", "c1");
        for (String path : List.of("/api/v1/me/groups", "/api/v1/me/groups/g1", "/api/v1/me/invitations",
                "/api/v1/me/invitations/i1/accept", "/api/v1/groups", "/api/v1/invitations/i1")) {
            assertThat(send(request(path).header("Authorization", "Bearer " + token)).statusCode())
                    .as(path + ": membership (slow here) answers").isEqualTo(504);
        }
        assertThat(send(request("/api/v1/me/clients/c1").header("Authorization", "Bearer " + token)
                .method("DELETE", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(504);
        HttpResponse<String> clients = send(request("/api/v1/me/clients").header("Authorization", "Bearer " + token));
        assertThat(clients.statusCode()).isEqualTo(200);
        assertThat(clients.body()).contains("path=/api/v1/me/clients");
    }

    private static ProducerRecord<String, byte[]> userEvent(String userId, String type) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.IDENTITY_USER, userId,
                "{}".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static java.nio.file.Path temporaryDirectory() {
        try {
            return java.nio.file.Files.createTempDirectory("gateway-kafka");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
