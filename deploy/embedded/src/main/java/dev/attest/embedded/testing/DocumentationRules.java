package dev.attest.embedded.testing;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps docs/openapi.yaml true: every endpoint a controller maps (any HTTP method, {@code value} or
 * {@code path}, with a class-level prefix) is documented there under its path and method.
 */
public final class DocumentationRules {

    record Endpoint(String method, String path) {
    }

    private DocumentationRules() {
    }

    public static void everyEndpointIsInTheOpenApiDocument(JavaClasses classes, Path openApi) {
        String document;
        try {
            document = Files.readString(openApi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Endpoint> endpoints = endpoints(classes);
        assertThat(endpoints).isNotEmpty();
        for (Endpoint endpoint : endpoints) {
            int at = document.indexOf("\n  " + endpoint.path() + ":\n");
            assertThat(at).as("docs/openapi.yaml documents " + endpoint.path()).isNotNegative();
            int next = document.indexOf("\n  /", at + 1);
            String block = document.substring(at, next < 0 ? document.length() : next);
            assertThat(block).as("docs/openapi.yaml documents " + endpoint.method() + " " + endpoint.path())
                    .contains("\n    " + endpoint.method().toLowerCase(Locale.ROOT) + ":");
        }
    }

    /** Every handler method's HTTP methods and full paths, as Spring merges its mapping annotations. */
    static List<Endpoint> endpoints(JavaClasses classes) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (JavaClass type : classes) {
            RequestMapping onClass = AnnotatedElementUtils.findMergedAnnotation(type.reflect(), RequestMapping.class);
            String[] prefixes = onClass == null || onClass.path().length == 0 ? new String[]{""} : onClass.path();
            for (JavaMethod javaMethod : type.getMethods()) {
                Method method = javaMethod.reflect();
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                assertThat(mapping.method()).as(method + " names its HTTP method").isNotEmpty();
                String[] paths = mapping.path().length == 0 ? new String[]{""} : mapping.path();
                for (RequestMethod httpMethod : mapping.method()) {
                    for (String prefix : prefixes) {
                        for (String path : paths) {
                            endpoints.add(new Endpoint(httpMethod.name(), prefix + path));
                        }
                    }
                }
            }
        }
        return endpoints;
    }
}
