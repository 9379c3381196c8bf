package dev.attest.membership;

import dev.attest.embedded.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void membershipServiceDependsOnNoOtherService() {
        ArchitectureRules.dependsOnNoOtherService("membership").check(ArchitectureRules.importService("membership"));
    }

    @Test
    void aggregatesKnowNoInfrastructure() {
        ArchitectureRules.aggregatesKnowNoInfrastructure().check(ArchitectureRules.importService("membership"));
    }
}
