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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the API documents true: every endpoint a controller maps (any HTTP method, {@code value} or
 * {@code path}, with a class-level prefix) is in docs/openapi.yaml under its path and method, and every
 * problem type the code answers with is in docs/api.md's table of problem types and reached by a test.
 */
public final class DocumentationRules {

    record Endpoint(String method, String path) {
    }

    private DocumentationRules() {
    }

    private static final Pattern PROBLEM_CALL = Pattern.compile(
            "(?s)(?:new RuleViolation\\(|\\bproblem\\(|\\bwrite\\(|tooManyRequests\\()(.*?);");
    private static final Pattern TYPE_LITERAL = Pattern.compile("\"([a-z]+(?:-[a-z]+)*)\"");
    private static final Pattern TABLE_TYPE = Pattern.compile("`([a-z]+(?:-[a-z]+)*)`");

    /**
     * Every problem type named in a problem-making call of the main sources ({@code new RuleViolation},
     * {@code problem}, {@code write}, {@code tooManyRequests}) is in the problem-type table of
     * {@code docs/api.md}, and every type in that table is asserted by a test: a test source names it as
     * {@code problems/<type>"}, {@code "/<type>"} or the literal {@code "<type>"}.
     */
    public static void everyProblemTypeIsDocumentedAndTested(Path repository) {
        Set<String> documented = documentedProblemTypes(repository.resolve("docs/api.md"));
        StringBuilder main = new StringBuilder();
        StringBuilder tests = new StringBuilder();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.toString().contains("/target/")).toList()) {
                String source = Files.readString(file);
                (file.toString().contains("/src/test/") ? tests : main).append(source).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> answered = new TreeSet<>();
        Matcher call = PROBLEM_CALL.matcher(main);
        while (call.find()) {
            Matcher type = TYPE_LITERAL.matcher(call.group(1));
            if (type.find()) {
                answered.add(type.group(1));
            }
        }
        assertThat(answered).as("problem types the code answers with").isNotEmpty();
        assertThat(documented).as("problem types in docs/api.md").containsAll(answered);
        List<String> untested = documented.stream().filter(type -> !tests.toString().contains("problems/" + type + "\"")
                && !tests.toString().contains("\"/" + type + "\"") && !tests.toString().contains("\"" + type + "\""))
                .toList();
        assertThat(untested).as("documented problem types no test asserts").isEmpty();
    }

    static Set<String> documentedProblemTypes(Path apiDocument) {
        String document;
        try {
            document = Files.readString(apiDocument);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int table = document.indexOf("## Problem types");
        assertThat(table).as("docs/api.md has a section 'Problem types'").isNotNegative();
        Set<String> types = new TreeSet<>();
        for (String line : document.substring(table).lines().skip(1).takeWhile(l -> !l.startsWith("#")).toList()) {
            if (line.startsWith("| `")) {
                Matcher type = TABLE_TYPE.matcher(line.substring(0, line.indexOf('|', 1)));
                while (type.find()) {
                    types.add(type.group(1));
                }
            }
        }
        return types;
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
