package dev.attest.identity;

import dev.attest.identity.crypto.Secret;
import dev.attest.identity.login.LoginController;
import dev.attest.identity.credentials.PasswordController;
import dev.attest.identity.session.SessionController;
import dev.attest.identity.user.UserCommands;
import dev.attest.identity.secondfactor.ChallengeAnswer;
import dev.attest.identity.secondfactor.SetupCode;
import dev.attest.identity.secondfactor.TwoFactorController;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever logs a request body or a command, the secrets in it stay out of the log. */
class SecretsPrintNotTest {

    @Test
    void requestsAndCommandsPrintWithoutTheirSecrets() {
        assertThat(new LoginController.LoginRequest("ada@acme.test", "hunter2-password").toString())
                .contains("ada@acme.test").doesNotContain("hunter2");
        assertThat(new ChallengeAnswer("c1", "123456", "abcde-fghij").toString())
                .doesNotContain("123456").doesNotContain("abcde");
        assertThat(new SetupCode("s1", "123456").toString()).doesNotContain("123456");
        assertThat(new LoginController.SetupRequired("SETUP_REQUIRED", "AUTHENTICATOR_APP", "s1", "JBSWY3DPEHPK3PXP",
                "otpauth://totp/Attest:a?secret=JBSWY3DPEHPK3PXP", "data:", null).toString()).doesNotContain("JBSWY3DP");
        assertThat(new LoginController.LoginCompleted("eyJ.a.b", "s1.r3fresh", 300, "Bearer", List.of("abcde-fghij"))
                .toString()).doesNotContain("eyJ").doesNotContain("r3fresh").doesNotContain("abcde");
        assertThat(new TwoFactorController.PasswordProof("hunter2-password").toString()).doesNotContain("hunter2");
        assertThat(new TwoFactorController.ReauthenticationToken("r3auth", null).toString()).doesNotContain("r3auth");
        assertThat(new TwoFactorController.TotpSetup("s1", "JBSWY3DPEHPK3PXP", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
                "data:", null).toString()).doesNotContain("JBSWY3DP");
        assertThat(new TwoFactorController.NewRecoveryCodes(List.of("abcde-fghij")).toString()).doesNotContain("abcde");
        assertThat(TestKeys.secrets().recoveryCodes(2).toString()).doesNotContain("-");
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
