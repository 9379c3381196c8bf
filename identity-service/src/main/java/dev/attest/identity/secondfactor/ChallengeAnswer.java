package dev.attest.identity.secondfactor;

import dev.attest.identity.crypto.Secret;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The answer to a challenge of a login or a re-authentication: a code, or a recovery code in place of an app's. */
public record ChallengeAnswer(@NotBlank @Size(max = 200) String challengeId,
                              @Pattern(regexp = "\\d{6}", message = "must be six digits") String code,
                              @Size(max = 40) String recoveryCode) {

    /** 400 unless exactly one of code and recovery code is given. */
    public ChallengeAnswer requireOneAnswer() {
        if ((code == null) == (recoveryCode == null)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request", "Send either code or recoveryCode.");
        }
        return this;
    }

    public Secret codeSecret() {
        return code == null ? null : new Secret(code);
    }

    public Secret recoveryCodeSecret() {
        return recoveryCode == null ? null : new Secret(recoveryCode);
    }

    @Override
    public String toString() {
        return "ChallengeAnswer[challengeId=" + challengeId + ", code=[secret], recoveryCode=[secret]]";
    }
}
