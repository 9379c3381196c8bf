package dev.attest.kit.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The problem types no request of the test suite can provoke on purpose (a lost race between two commands, a
 * bug, an authorization rule no endpoint uses yet), each mapped from the exception that stands for it.
 */
class ProblemResponsesTest {

    final ProblemResponses responses = new ProblemResponses();

    @Test
    void aLostRaceIsAConflictToRetry() {
        assertProblem(responses.concurrentWrite(new ConcurrencyException("seq 4 taken")), 409, "concurrent-modification");
    }

    @Test
    void aBugIsAnInternalErrorThatTellsNothingOfItsCause() {
        ProblemDetail problem = responses.unexpected(new IllegalStateException("select * from secret_table"));
        assertProblem(problem, 500, "internal-error");
        assertThat(problem.getDetail()).doesNotContain("secret_table").contains("nothing was changed");
        assertProblem(responses.commandFailed(new CommandExecutionException("boom", new NullPointerException()))
                .getBody(), 500, "internal-error");
    }

    @Test
    void aDeniedAccessIsForbidden() {
        assertProblem(responses.accessDenied(new AccessDeniedException("no")), 403, "forbidden");
    }

    @Test
    void aRuleViolationInsideACommandKeepsItsStatusAndType() {
        ResponseEntity<ProblemDetail> gone = responses.commandFailed(new CommandExecutionException("refused",
                new RuleViolation(RuleViolation.Kind.GONE, "invalid-set-password-token", "used")));
        assertThat(gone.getStatusCode().value()).isEqualTo(410);
        assertProblem(gone.getBody(), 410, "invalid-set-password-token");
    }

    @Test
    void aWaitIsRoundedUpToWholeSeconds() {
        ResponseEntity<ProblemDetail> wait = responses.ruleViolation(RuleViolation.tooManyRequests("login-throttled",
                "wait", Duration.ofMillis(1_200)));
        assertThat(wait.getHeaders().getFirst("Retry-After")).isEqualTo("2");
        assertThat(responses.ruleViolation(RuleViolation.tooManyRequests("login-throttled", "wait", Duration.ZERO))
                .getHeaders().getFirst("Retry-After")).as("never zero").isEqualTo("1");
        assertProblem(wait.getBody(), 429, "login-throttled");
    }

    private static void assertProblem(ProblemDetail problem, int status, String type) {
        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getType()).isEqualTo(URI.create("https://attest.dev/problems/" + type));
    }
}
