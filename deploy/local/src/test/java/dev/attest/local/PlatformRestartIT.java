package dev.attest.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform's durable data (event stores, Kafka's log, keys) survives a stop and a start, and every
 * read model can be rebuilt from it: between the two runs all of MongoDB's data is deleted.
 */
class PlatformRestartIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    static final Pattern LINK_TOKEN = Pattern.compile("token=(\\S+)");
    static final String ADMIN = "bill@initech.test";
    static final String ADMIN_PASSWORD = "bill lumbergh's tps reports";

    static final List<String> SERVICES = List.of("identity-service", "membership-service", "notification-service",
            "gateway");

    @TempDir
    Path data;

    @Test
    void whatWasIssuedBeforeAStopStillHoldsAndDroppedReadModelsAreRebuilt() throws Exception {
        Path services = Path.of(System.getProperty("attest.services.directory"));
        String clientId;
        String operatorPassword;
        String oldAccessToken;
        String oldRefreshToken;
        int deliveriesBefore;
        try (LocalPlatform first = LocalPlatform.start(data, services, LocalPlatform.Ports.free(), Map.of(), true)) {
            operatorPassword = first.operatorPassword();
            String operator = logIn(first, first.operatorEmail(), operatorPassword).path("accessToken").asText();
            HttpResponse<String> created = send(HttpRequest.newBuilder(uri(first, "/api/v1/clients"))
                    .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                    .POST(json(Map.of("name", "Initech", "admin",
                            Map.of("email", ADMIN, "firstName", "Bill", "lastName", "L")))));
            assertThat(created.statusCode()).isEqualTo(201);
            clientId = JSON.readTree(created.body()).path("id").asText();

            String token = URLDecoder.decode(matching(awaitMail(first, ADMIN, "Welcome", 1), LINK_TOKEN),
                    StandardCharsets.UTF_8);
            assertThat(send(HttpRequest.newBuilder(uri(first, "/api/v1/auth/password/set"))
                    .header("Content-Type", "application/json")
                    .POST(json(Map.of("token", token, "password", ADMIN_PASSWORD)))).statusCode()).isEqualTo(204);
            JsonNode admin = logIn(first, ADMIN, ADMIN_PASSWORD);
            oldAccessToken = admin.path("accessToken").asText();
            oldRefreshToken = admin.path("refreshToken").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(first, "/api/v1/users", oldAccessToken)
                    .statusCode() == 200);
            deliveriesBefore = await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(first, operator), n -> n >= 3);
        }
        Map<String, List<String>> eventsBefore = storedEvents();
        deleteRecursively(data.resolve("mongo"));
        if (AotCache.supported()) {
            // The first stop wrote each service's AOT cache; the second start runs with it. A cache the JVM
            // cannot use is reported as an error on its standard output, the service's log (JDK 25 also warns
            // about parts of a cache it passes over, which are no failure).
            for (String service : SERVICES) {
                assertThat(data.resolve("aot").resolve(service).resolve("app.aot")).as(service).isRegularFile();
            }
            for (String service : SERVICES) {
                Files.move(data.resolve("logs/" + service + ".log"), data.resolve("logs/" + service + ".first.log"));
            }
        }

        try (LocalPlatform second = LocalPlatform.start(data, services, LocalPlatform.Ports.free(), Map.of(), true)) {
            if (AotCache.supported()) {
                for (String service : SERVICES) {
                    assertThat(Files.readString(data.resolve("logs/" + service + ".log"))).as(service)
                            .doesNotContainPattern("\\[error *\\]\\[(aot|cds)");
                }
            }
            assertThat(second.operatorPassword()).isEqualTo(operatorPassword);

            // The signing key is the same: an access token from before still verifies.
            assertThat(get(second, "/api/v1/me", oldAccessToken).statusCode()).isEqualTo(200);
            // The session from before goes on.
            HttpResponse<String> refreshed = send(HttpRequest.newBuilder(uri(second, "/api/v1/auth/refresh"))
                    .header("Content-Type", "application/json").POST(json(Map.of("refreshToken", oldRefreshToken))));
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
            // The administrator created before logs in; her permissions are rebuilt from Kafka, the user
            // list from identity's event store.
            String admin = logIn(second, ADMIN, ADMIN_PASSWORD).path("accessToken").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> users = get(second, "/api/v1/users", admin);
                assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
                assertThat(JSON.readTree(users.body()).path("items").findValuesAsText("email")).containsExactly(ADMIN);
            });
            // The client view from membership's event store, the delivery log from notification's.
            String operator = logIn(second, second.operatorEmail(), operatorPassword).path("accessToken").asText();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                HttpResponse<String> client = get(second, "/api/v1/clients/" + clientId, operator);
                assertThat(client.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(client.body()).path("name").asText()).isEqualTo("Initech");
                assertThat(deliveries(second, operator)).isGreaterThanOrEqualTo(deliveriesBefore + 2);
            });
        }
        Map<String, List<String>> eventsAfter = storedEvents();
        eventsBefore.forEach((service, events) -> assertThat(eventsAfter.get(service)).as(service)
                .startsWith(events.toArray(String[]::new)));
    }

    /** Each service's stored event ids in order; read while the platform is stopped (the files are its own). */
    private Map<String, List<String>> storedEvents() throws Exception {
        Map<String, List<String>> events = new java.util.TreeMap<>();
        for (String service : List.of("identity", "membership", "notification")) {
            try (Connection db = DriverManager.getConnection(LocalPlatform.eventStoreUrl(data, service), "sa", "");
                 ResultSet rows = db.createStatement().executeQuery(
                         "select eventidentifier from domainevententry order by globalindex")) {
                List<String> ids = new java.util.ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                assertThat(ids).as(service + " stored events").isNotEmpty();
                events.put(service, ids);
            }
        }
        return events;
    }

    private static int deliveries(LocalPlatform platform, String operatorToken) throws Exception {
        HttpResponse<String> log = get(platform, "/api/v1/notifications/deliveries?limit=500", operatorToken);
        assertThat(log.statusCode()).isEqualTo(200);
        JsonNode entries = JSON.readTree(log.body());
        int sent = 0;
        for (JsonNode entry : entries) {
            sent += entry.path("sentAt").isTextual() ? 1 : 0;
        }
        return sent;
    }

    private static JsonNode logIn(LocalPlatform platform, String email, String password) throws Exception {
        int before = mailsTo(platform, email, "login code").size();
        HttpResponse<String> first = send(HttpRequest.newBuilder(uri(platform, "/api/v1/auth/login"))
                .header("Content-Type", "application/json").POST(json(Map.of("email", email, "password", password))));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String challengeId = JSON.readTree(first.body()).path("challengeId").asText();
        String code = matching(awaitMail(platform, email, "login code", before + 1), CODE);
        HttpResponse<String> second = send(HttpRequest.newBuilder(uri(platform, "/api/v1/auth/login/second-factor"))
                .header("Content-Type", "application/json")
                .POST(json(Map.of("challengeId", challengeId, "code", code))));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        return JSON.readTree(second.body());
    }

    private static String awaitMail(LocalPlatform platform, String recipient, String subjectPart, int count) {
        List<String> mails = await().atMost(Duration.ofSeconds(30))
                .until(() -> mailsTo(platform, recipient, subjectPart), m -> m.size() >= count);
        return mails.get(count - 1);
    }

    private static List<String> mailsTo(LocalPlatform platform, String recipient, String subjectPart) throws Exception {
        List<String> bodies = new java.util.ArrayList<>();
        for (MimeMessage message : platform.infrastructure().mail().getReceivedMessages()) {
            if (Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(recipient)) && message.getSubject().contains(subjectPart)) {
                bodies.add(message.getContent().toString());
            }
        }
        return bodies;
    }

    private static String matching(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as(text).isTrue();
        return matcher.group(1);
    }

    private static void deleteRecursively(Path directory) throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static HttpRequest.BodyPublisher json(Object body) throws Exception {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    private static HttpResponse<String> get(LocalPlatform platform, String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(uri(platform, path)).header("Authorization", "Bearer " + token));
    }

    private static URI uri(LocalPlatform platform, String path) {
        return URI.create(platform.gatewayUrl() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
