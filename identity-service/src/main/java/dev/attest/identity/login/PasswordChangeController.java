package dev.attest.identity.login;

import dev.attest.identity.credentials.CredentialCommands.ChangePassword;
import dev.attest.identity.credentials.CredentialCommands.RequestPasswordReset;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user changes the password knowing the current one; someone who forgot it asks for a reset link, which
 * ends in {@code POST /api/v1/auth/password/set}. Asking answers alike, at once, whether an account exists.
 */
@RestController
public class PasswordChangeController {

    private static final Logger log = LoggerFactory.getLogger(PasswordChangeController.class);

    public record PasswordChange(@NotBlank @Size(max = 1024) String currentPassword,
                                 @NotBlank @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[currentPassword=[secret], newPassword=[secret]]";
        }
    }

    public record ForgottenPassword(@NotBlank @Size(max = 254) String email) {
    }

    private final CommandGateway commands;
    private final EmailRegistry emails;

    public PasswordChangeController(CommandGateway commands, EmailRegistry emails) {
        this.commands = commands;
        this.emails = emails;
    }

    /** 204; every other session of the user ends at its next refresh, this one goes on. */
    @PutMapping("/api/v1/me/password")
    public ResponseEntity<Void> change(Caller caller, @Valid @RequestBody PasswordChange change) {
        boolean changed = commands.sendAndWait(Causation.byUser(caller.userId(), new ChangePassword(caller.userId(),
                new Secret(change.currentPassword()), new Secret(change.newPassword()), caller.sessionId())));
        if (!changed) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "wrong-current-password",
                    "The current password is wrong.");
        }
        return ResponseEntity.noContent().build();
    }

    /**
     * 202 whatever the address: the link, if the address has an account that may have one, is made after
     * the answer, so neither the answer nor its timing tells who has an account.
     */
    @PostMapping("/api/v1/auth/password/forgot")
    public ResponseEntity<Void> forgot(@Valid @RequestBody ForgottenPassword request) {
        emails.userIdOf(request.email()).ifPresent(userId -> commands.send(new RequestPasswordReset(userId))
                .exceptionally(failure -> {
                    log.warn("No reset link for user {}: {}", userId, failure.toString());
                    return null;
                }));
        return ResponseEntity.accepted().build();
    }
}
