package dev.attest.notification;

import dev.attest.embedded.testing.ArchitectureRules;
import dev.attest.embedded.testing.DocumentationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void notificationServiceDependsOnNoOtherService() {
        ArchitectureRules.dependsOnNoOtherService("notification").check(ArchitectureRules.importService("notification"));
    }

    @Test
    void everyEndpointIsDocumented() {
        DocumentationRules.everyEndpointIsInTheOpenApiDocument(ArchitectureRules.importService("notification"),
                java.nio.file.Path.of("../docs/openapi.yaml"));
    }

    @Test
    void aggregatesKnowNoInfrastructure() {
        ArchitectureRules.aggregatesKnowNoInfrastructure().check(ArchitectureRules.importService("notification"));
    }
}
