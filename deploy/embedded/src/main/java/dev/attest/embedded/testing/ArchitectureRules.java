package dev.attest.embedded.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries every service keeps; each service's ArchitectureTest checks them on its own classes. */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("identity", "membership", "notification", "gateway");

    private ArchitectureRules() {
    }

    public static JavaClasses importService(String service) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.attest." + service);
    }

    /** Services talk through Kafka contracts only, never through each other's code. */
    public static ArchRule dependsOnNoOtherService(String service) {
        String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "dev.attest." + s + "..")
                .toArray(String[]::new);
        return noClasses().should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services share only the contracts module");
    }

    /** Aggregates hold business rules; HTTP, Kafka and MongoDB stay at the edges. */
    public static ArchRule aggregatesKnowNoInfrastructure() {
        return noClasses().that().areAnnotatedWith("org.axonframework.spring.stereotype.Aggregate")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                        "org.springframework.http..", "jakarta.servlet..", "org.apache.kafka..",
                        "org.springframework.kafka..", "org.springframework.data.mongodb..", "com.mongodb..")
                .because("aggregates must not know web, Kafka or read-model types");
    }

    /** The published language stays free of frameworks, so platform teams can use it anywhere. */
    public static ArchRule contractsUseNoFramework() {
        return noClasses().that().resideInAPackage("dev.attest.contracts..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                        "org.apache.kafka..", "com.fasterxml..");
    }
}
