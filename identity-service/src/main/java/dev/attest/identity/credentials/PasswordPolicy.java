package dev.attest.identity.credentials;

import dev.attest.identity.crypto.Secret;
import dev.attest.kit.web.RuleViolation;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * NIST SP 800-63B: 8 to 128 characters, no composition rules, and none of the most common passwords
 * (the 100,000-entry list nbvcxz ships, compared case-insensitively).
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;
    private static final String COMMON_PASSWORDS = "/dictionaries/passwords.txt";

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    public void check(Secret password) {
        String value = password.value();
        int length = value == null ? 0 : value.codePointCount(0, value.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "weak-password",
                    "A password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters.");
        }
        if (common.contains(value.toLowerCase(Locale.ROOT))) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "weak-password",
                    "This password is among the most common ones; choose another.");
        }
    }

    private static Set<String> load() {
        Set<String> passwords = new HashSet<>(64_000);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.length() >= MIN_LENGTH) {
                    passwords.add(line.trim().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return passwords;
    }
}
