package dev.attest.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local platform keeps its data across a stop and a start on the same data directory. */
class PlatformRestartIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @TempDir
    Path data;

    @Test
    void usersClientsAndTheOperatorSurviveARestart() throws Exception {
        Path services = Path.of(System.getProperty("attest.services.directory"));
        String clientId;
        String operatorPassword;
        try (LocalPlatform first = LocalPlatform.start(data, services, LocalPlatform.Ports.free(), Map.of())) {
            operatorPassword = first.operatorPassword();
            String token = logIn(first).path("accessToken").asText();
            HttpResponse<String> created = send(HttpRequest.newBuilder(uri(first, "/api/v1/clients"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("name", "Initech",
                            "admin", Map.of("email", "bill@initech.test", "firstName", "Bill", "lastName", "L"))))));
            assertThat(created.statusCode()).isEqualTo(201);
            clientId = JSON.readTree(created.body()).path("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> send(HttpRequest.newBuilder(
                    uri(first, "/api/v1/clients/" + clientId)).header("Authorization", "Bearer " + token))
                    .statusCode() == 200);
        }

        try (LocalPlatform second = LocalPlatform.start(data, services, LocalPlatform.Ports.free(), Map.of())) {
            assertThat(second.operatorPassword()).isEqualTo(operatorPassword);
            String token = logIn(second).path("accessToken").asText();
            HttpResponse<String> client = send(HttpRequest.newBuilder(uri(second, "/api/v1/clients/" + clientId))
                    .header("Authorization", "Bearer " + token));
            assertThat(client.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(client.body()).path("name").asText()).isEqualTo("Initech");
        }
    }

    private static JsonNode logIn(LocalPlatform platform) throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(uri(platform, "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "email", platform.operatorEmail(), "password", platform.operatorPassword())))));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String challengeId = JSON.readTree(first.body()).path("challengeId").asText();
        List<MimeMessage> mails = await().atMost(Duration.ofSeconds(30))
                .until(() -> Arrays.asList(platform.infrastructure().mail().getReceivedMessages()), m -> !m.isEmpty());
        Matcher code = CODE.matcher(mails.get(mails.size() - 1).getContent().toString());
        assertThat(code.find()).isTrue();
        HttpResponse<String> second = send(HttpRequest.newBuilder(
                        uri(platform, "/api/v1/auth/login/second-factor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "challengeId", challengeId, "code", code.group(1))))));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        return JSON.readTree(second.body());
    }

    private static URI uri(LocalPlatform platform, String path) {
        return URI.create(platform.gatewayUrl() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
