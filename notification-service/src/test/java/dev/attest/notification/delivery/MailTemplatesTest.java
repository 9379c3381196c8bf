package dev.attest.notification.delivery;

import dev.attest.notification.mail.Template;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailTemplatesTest {

    final MailTemplates templates = new MailTemplates();

    @Test
    void everyTemplateExistsInGermanAndEnglish() {
        Map<String, String> fields = Map.ofEntries(Map.entry("firstName", "Ada"),
                Map.entry("link", "https://x/set-password?token=t"), Map.entry("code", "123456"),
                Map.entry("provider", "Google"), Map.entry("recoveryCodesLeft", "7"),
                Map.entry("signInUrl", "https://app.attest.test"), Map.entry("inviterName", "Bea Bauer"),
                Map.entry("clientName", "Bank"), Map.entry("groupName", "Readers"), Map.entry("expiresOn", "2026-12-13"));
        for (Template template : Template.values()) {
            MailTemplates.Rendered en = templates.render(template, "en", fields);
            MailTemplates.Rendered de = templates.render(template, "de", fields);
            assertThat(en.subject()).isNotBlank().isNotEqualTo(de.subject());
            assertThat(en.body()).doesNotContain("${");
            assertThat(de.body()).doesNotContain("${");
        }
        assertThat(templates.render(Template.WELCOME, "de", fields).body()).contains("Hallo Ada", "token=t");
        assertThat(templates.render(Template.RECOVERY_CODE_USED, "de", fields).body()).contains("Es bleiben 7 Codes");
        assertThat(templates.render(Template.INVITATION, "de", fields).subject())
                .isEqualTo("Bea Bauer lädt Sie zu Bank auf Attest ein");
        assertThat(templates.render(Template.INVITATION, "en", fields).body()).contains("\"Readers\"", "2026-12-13");
    }

    @Test
    void anUnknownLanguageFallsBackToEnglish() {
        assertThat(templates.render(Template.LOGIN_CODE, "fr", Map.of("code", "123456")).subject())
                .isEqualTo("Your Attest login code");
    }

    @Test
    void aMissingFieldIsAnErrorNotAnEmptyMail() {
        assertThatThrownBy(() -> templates.render(Template.WELCOME, "en", Map.of("firstName", "Ada")))
                .hasMessageContaining("link");
    }
}
