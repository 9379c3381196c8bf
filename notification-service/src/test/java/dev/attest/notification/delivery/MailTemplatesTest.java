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
        Map<String, String> fields = Map.of("firstName", "Ada", "link", "https://x/set-password?token=t", "code", "123456",
                "provider", "Google", "recoveryCodesLeft", "7", "signInUrl", "https://app.attest.test");
        for (Template template : Template.values()) {
            MailTemplates.Rendered en = templates.render(template, "en", fields);
            MailTemplates.Rendered de = templates.render(template, "de", fields);
            assertThat(en.subject()).isNotBlank().isNotEqualTo(de.subject());
            assertThat(en.body()).doesNotContain("${");
            assertThat(de.body()).doesNotContain("${");
        }
        assertThat(templates.render(Template.WELCOME, "de", fields).body()).contains("Hallo Ada", "token=t");
        assertThat(templates.render(Template.RECOVERY_CODE_USED, "de", fields).body()).contains("Es bleiben 7 Codes");
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
