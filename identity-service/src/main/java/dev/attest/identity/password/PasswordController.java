package dev.attest.identity.password;

import dev.attest.identity.crypto.Secret;
import dev.attest.identity.user.UserCommands.SetPassword;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** Sets a password with the single-use token of a welcome mail; the token reads {@code <userId>.<secret>}. */
@RestController
public class PasswordController {

    public record SetPasswordRequest(@NotBlank @Size(max = 200) String token,
                                     @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "SetPasswordRequest[token=[secret], password=[secret]]";
        }
    }

    private final CommandGateway commands;

    public PasswordController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/api/v1/auth/password/set")
    public ResponseEntity<Void> setPassword(@Valid @RequestBody SetPasswordRequest request) {
        int dot = request.token().indexOf('.');
        String userId;
        try {
            userId = UUID.fromString(request.token().substring(0, Math.max(dot, 0))).toString();
        } catch (IllegalArgumentException malformed) {
            throw invalidToken();
        }
        try {
            commands.sendAndWait(new SetPassword(userId, new Secret(request.token().substring(dot + 1)),
                    new Secret(request.password())));
        } catch (AggregateNotFoundException unknownUser) {
            throw invalidToken();
        }
        return ResponseEntity.noContent().build();
    }

    private static RuleViolation invalidToken() {
        return new RuleViolation(RuleViolation.Kind.GONE, "invalid-set-password-token",
                "This set-password link is invalid, used or expired; ask for a new one.");
    }
}
