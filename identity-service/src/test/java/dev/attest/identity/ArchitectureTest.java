package dev.attest.identity;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.attest.embedded.testing.ArchitectureRules;
import dev.attest.embedded.testing.DocumentationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void identityServiceDependsOnNoOtherService() {
        ArchitectureRules.dependsOnNoOtherService("identity").check(ArchitectureRules.importService("identity"));
    }

    @Test
    void everyEndpointIsDocumented() {
        DocumentationRules.everyEndpointIsInTheOpenApiDocument(ArchitectureRules.importService("identity"),
                java.nio.file.Path.of("../docs/openapi.yaml"));
    }

    @Test
    void aggregatesKnowNoInfrastructure() {
        ArchitectureRules.aggregatesKnowNoInfrastructure().check(ArchitectureRules.importService("identity"));
    }

    @Test
    void contractsUseNoFramework() {
        ArchitectureRules.contractsUseNoFramework().check(new ClassFileImporter().importPackages("dev.attest.contracts"));
    }
}
