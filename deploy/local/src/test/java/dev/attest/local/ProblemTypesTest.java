package dev.attest.local;

import dev.attest.embedded.testing.DocumentationRules;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** The problem types of the whole platform: each one the code answers with is documented and tested. */
class ProblemTypesTest {

    @Test
    void everyProblemTypeIsDocumentedAndReachedByATest() {
        DocumentationRules.everyProblemTypeIsDocumentedAndTested(Path.of("../.."));
    }
}
