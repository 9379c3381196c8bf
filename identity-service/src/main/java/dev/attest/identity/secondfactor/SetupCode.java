package dev.attest.identity.secondfactor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The app's first code for an authenticator set-up. */
public record SetupCode(@NotBlank @Size(max = 200) String setupId,
                        @NotBlank @Pattern(regexp = "\\d{6}", message = "must be six digits") String code) {

    @Override
    public String toString() {
        return "SetupCode[setupId=" + setupId + ", code=[secret]]";
    }
}
