package dev.attest.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/** What the gateway answers when something other than a service's own answer goes wrong. */
class GatewayErrorsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final GatewayErrors errors = new GatewayErrors(JSON);

    @Test
    void aFailureOfTheGatewayItselfIsABadGatewayThatTellsNothingOfItsCause() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/users"));
        errors.handle(exchange, new IllegalStateException("pool exhausted at 10.1.2.3")).block();
        JsonNode problem = answer(exchange, 502);
        assertThat(problem.path("type").asText()).isEqualTo("https://attest.dev/problems/bad-gateway");
        assertThat(problem.toString()).doesNotContain("10.1.2.3");
    }

    @Test
    void anotherClientErrorIsNamedAfterItsStatus() throws Exception {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.put("/api/v1/auth/login"));
        errors.handle(exchange, new ResponseStatusException(HttpStatus.METHOD_NOT_ALLOWED)).block();
        assertThat(answer(exchange, 405).path("type").asText())
                .isEqualTo("https://attest.dev/problems/method-not-allowed");
    }

    private static JsonNode answer(MockServerWebExchange exchange, int status) throws Exception {
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(status);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        return JSON.readTree(exchange.getResponse().getBodyAsString().block());
    }
}
