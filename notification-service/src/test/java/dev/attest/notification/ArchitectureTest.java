package dev.attest.notification;

import dev.attest.embedded.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void notificationServiceDependsOnNoOtherService() {
        ArchitectureRules.dependsOnNoOtherService("notification").check(ArchitectureRules.importService("notification"));
    }

    @Test
    void aggregatesKnowNoInfrastructure() {
        ArchitectureRules.aggregatesKnowNoInfrastructure().check(ArchitectureRules.importService("notification"));
    }
}
