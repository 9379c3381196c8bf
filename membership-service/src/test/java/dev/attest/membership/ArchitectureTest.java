package dev.attest.membership;

import dev.attest.embedded.testing.ArchitectureRules;
import dev.attest.embedded.testing.DocumentationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void membershipServiceDependsOnNoOtherService() {
        ArchitectureRules.dependsOnNoOtherService("membership").check(ArchitectureRules.importService("membership"));
    }

    @Test
    void everyEndpointIsDocumented() {
        DocumentationRules.everyEndpointIsInTheOpenApiDocument(ArchitectureRules.importService("membership"),
                java.nio.file.Path.of("../docs/openapi.yaml"));
    }

    @Test
    void aggregatesKnowNoInfrastructure() {
        ArchitectureRules.aggregatesKnowNoInfrastructure().check(ArchitectureRules.importService("membership"));
    }
}
