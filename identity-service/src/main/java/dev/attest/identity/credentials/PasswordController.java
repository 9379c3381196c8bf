package dev.attest.identity.credentials;

import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.credentials.CredentialCommands.SetPassword;
import dev.attest.kit.eventstore.NamedAggregates;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;


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
        IdentifiedSecret token = IdentifiedSecret.parse(request.token()).orElseThrow(Credentials::invalidSetupLink);
        NamedAggregates.send(commands, new SetPassword(token.id(), token.secret(), new Secret(request.password())),
                Credentials::invalidSetupLink);
        return ResponseEntity.noContent().build();
    }
}
