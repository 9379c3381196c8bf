package dev.attest.identity;

import dev.attest.identity.crypto.Secret;
import dev.attest.identity.login.LoginController;
import dev.attest.identity.credentials.PasswordController;
import dev.attest.identity.session.SessionController;
import dev.attest.identity.user.UserCommands;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever logs a request body or a command, the secrets in it stay out of the log. */
class SecretsPrintNotTest {

    @Test
    void requestsAndCommandsPrintWithoutTheirSecrets() {
        assertThat(new LoginController.LoginRequest("ada@acme.test", "hunter2-password").toString())
                .contains("ada@acme.test").doesNotContain("hunter2");
        assertThat(new LoginController.SecondFactorRequest("c1", "123456").toString()).doesNotContain("123456");
        assertThat(new PasswordController.SetPasswordRequest("u1.tok3n", "hunter2-password").toString())
                .doesNotContain("tok3n").doesNotContain("hunter2");
        assertThat(new SessionController.RefreshRequest("s1.r3fresh").toString()).doesNotContain("r3fresh");
        assertThat(new UserCommands.LogIn("u1", new Secret("hunter2-password"), "c1").toString())
                .doesNotContain("hunter2");
        assertThat(new dev.attest.identity.login.PasswordChangeController.PasswordChange("hunter2-old", "hunter2-new")
                .toString()).doesNotContain("hunter2");
        assertThat(new dev.attest.identity.credentials.CredentialCommands.ChangePassword("u1", new Secret("hunter2-old"),
                new Secret("hunter2-new"), "s1").toString()).doesNotContain("hunter2");
    }
}
