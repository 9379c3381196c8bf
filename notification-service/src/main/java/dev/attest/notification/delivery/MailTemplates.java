package dev.attest.notification.delivery;

import dev.attest.notification.mail.Template;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain-text templates under {@code templates/<name>.<locale>.txt}: a first line "Subject: ...", a blank
 * line, then the body; {@code ${field}} placeholders. English is the fallback language.
 */
@Component
public class MailTemplates {

    public record Rendered(String subject, String body) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)}");

    public Rendered render(Template template, String locale, Map<String, String> fields) {
        String name = template.name().toLowerCase(Locale.ROOT).replace('_', '-');
        String text = load(name, locale == null ? "en" : locale);
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String value = fields.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template " + name + " needs field " + matcher.group(1));
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        String[] parts = rendered.toString().split("\n", 2);
        if (!parts[0].startsWith("Subject: ") || parts.length < 2) {
            throw new IllegalStateException("template " + name + " must start with a Subject: line");
        }
        return new Rendered(parts[0].substring("Subject: ".length()).strip(), parts[1].stripLeading());
    }

    private static String load(String name, String locale) {
        InputStream localized = MailTemplates.class.getResourceAsStream("/templates/" + name + "." + locale + ".txt");
        InputStream found = localized != null ? localized
                : MailTemplates.class.getResourceAsStream("/templates/" + name + ".en.txt");
        if (found == null) {
            throw new IllegalStateException("no template " + name);
        }
        try (InputStream in = found) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
