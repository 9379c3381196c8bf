package dev.attest.embedded.testing;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentationRulesTest {

    @RequestMapping("/api/v1/things")
    static class ThingController {

        @PutMapping(path = "/{id}")
        void put() {
        }

        @PatchMapping("/{id}")
        void patch() {
        }

        @DeleteMapping(value = "/{id}")
        void delete() {
        }
    }

    @Test
    void everyHttpMethodAndPathFormCountsWithItsClassPrefix() {
        assertThat(DocumentationRules.endpoints(new ClassFileImporter().importClasses(ThingController.class)))
                .containsExactlyInAnyOrder(new DocumentationRules.Endpoint("PUT", "/api/v1/things/{id}"),
                        new DocumentationRules.Endpoint("PATCH", "/api/v1/things/{id}"),
                        new DocumentationRules.Endpoint("DELETE", "/api/v1/things/{id}"));
    }

    @Test
    void aMethodMissingUnderItsPathFails(@TempDir Path docs) throws Exception {
        Path openApi = docs.resolve("openapi.yaml");
        Files.writeString(openApi, "paths:\n  /api/v1/things/{id}:\n    put: {}\n    patch: {}\n  /api/v1/other:\n    delete: {}\n");
        assertThatThrownBy(() -> DocumentationRules.everyEndpointIsInTheOpenApiDocument(
                new ClassFileImporter().importClasses(ThingController.class), openApi))
                .hasMessageContaining("DELETE /api/v1/things/{id}");
        Files.writeString(openApi, "paths:\n  /api/v1/things/{id}:\n    put: {}\n    patch: {}\n    delete: {}\n");
        DocumentationRules.everyEndpointIsInTheOpenApiDocument(
                new ClassFileImporter().importClasses(ThingController.class), openApi);
    }

    @Test
    void aProblemTypeTheCodeAnswersWithMustBeDocumentedAndTested(@TempDir Path repository) throws Exception {
        Files.createDirectories(repository.resolve("docs"));
        Files.writeString(repository.resolve("docs/api.md"), """
                # API
                ## Problem types

                | type | status | when |
                | --- | --- | --- |
                | `known-rule`, `other-rule` | 400 | ... |
                """);
        Path main = Files.createDirectories(repository.resolve("svc/src/main/java"));
        Path test = Files.createDirectories(repository.resolve("svc/src/test/java"));
        Files.writeString(main.resolve("Rules.java"), """
                class Rules { void check() { throw new RuleViolation(Kind.INVALID,
                        "known-rule", "Known."); } }
                """);
        Files.writeString(test.resolve("RulesTest.java"), """
                class RulesTest { void t() { assertProblem(answer, 400, "known-rule"); } }
                """);
        assertThatThrownBy(() -> DocumentationRules.everyProblemTypeIsDocumentedAndTested(repository))
                .hasMessageContaining("no test asserts").hasMessageContaining("other-rule");

        Files.writeString(test.resolve("OtherTest.java"), "class OtherTest { String t = \"problems/other-rule\"; }");
        DocumentationRules.everyProblemTypeIsDocumentedAndTested(repository);

        Files.writeString(main.resolve("More.java"), "class More { Object p = problem(HttpStatus.GONE, \"new-rule\", \"x\"); }");
        assertThatThrownBy(() -> DocumentationRules.everyProblemTypeIsDocumentedAndTested(repository))
                .hasMessageContaining("in docs/api.md").hasMessageContaining("new-rule");
    }
}
