package dev.attest.embedded.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/openapi.yaml true: every endpoint a controller maps is documented there. */
public final class DocumentationRules {

    private DocumentationRules() {
    }

    public static void everyEndpointIsInTheOpenApiDocument(JavaClasses classes, Path openApi) {
        String document;
        try {
            document = Files.readString(openApi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> endpoints = new ArrayList<>();
        for (var type : classes) {
            for (JavaMethod method : type.getMethods()) {
                if (method.isAnnotatedWith(GetMapping.class)) {
                    endpoints.addAll(List.of(method.getAnnotationOfType(GetMapping.class).value()));
                }
                if (method.isAnnotatedWith(PostMapping.class)) {
                    endpoints.addAll(List.of(method.getAnnotationOfType(PostMapping.class).value()));
                }
            }
        }
        assertThat(endpoints).isNotEmpty();
        for (String path : endpoints) {
            assertThat(document).as("docs/openapi.yaml documents " + path).contains("\n  " + path + ":\n");
        }
    }
}
