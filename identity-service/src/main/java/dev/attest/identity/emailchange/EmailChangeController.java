package dev.attest.identity.emailchange;

import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.emailchange.EmailChangeCommands.CancelEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.CodeOutcome;
import dev.attest.identity.emailchange.EmailChangeCommands.ConfirmEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.RequestEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.RevertEmailChange;
import dev.attest.identity.emailchange.EmailChangeCommands.VerifyEmailChange;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.eventstore.NamedAggregates;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Only the user changes their own address: asked for, confirmed with a code sent to the current address,
 * verified with a code sent to the new one; the old address can undo it for a week.
 */
@RestController
public class EmailChangeController {

    public record NewAddress(@NotBlank @Email @Size(max = 254) String newEmail) {
    }

    public record Code(@NotBlank @Pattern(regexp = "\\d{6}", message = "must be six digits") String code) {
        @Override
        public String toString() {
            return "Code[[secret]]";
        }
    }

    public record RevertLink(@NotBlank @Size(max = 200) String token) {
        @Override
        public String toString() {
            return "RevertLink[[secret]]";
        }
    }

    private final CommandGateway commands;

    public EmailChangeController(CommandGateway commands) {
        this.commands = commands;
    }

    /** 202: a code is on its way to the current address. */
    @PostMapping("/api/v1/me/email-change")
    public ResponseEntity<Void> request(Caller caller, @Valid @RequestBody NewAddress request) {
        commands.sendAndWait(Causation.byUser(caller.userId(), new RequestEmailChange(caller.userId(),
                request.newEmail())));
        return ResponseEntity.accepted().build();
    }

    /** 202: the current address agreed; a code is on its way to the new one. */
    @PostMapping("/api/v1/me/email-change/confirm")
    public ResponseEntity<Void> confirm(Caller caller, @Valid @RequestBody Code code) {
        answer(commands.sendAndWait(Causation.byUser(caller.userId(), new ConfirmEmailChange(caller.userId(),
                new Secret(code.code())))));
        return ResponseEntity.accepted().build();
    }

    /** 204: the new address is the login now. */
    @PostMapping("/api/v1/me/email-change/verify")
    public ResponseEntity<Void> verify(Caller caller, @Valid @RequestBody Code code) {
        answer(commands.sendAndWait(Causation.byUser(caller.userId(), new VerifyEmailChange(caller.userId(),
                new Secret(code.code())))));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/v1/me/email-change")
    public ResponseEntity<Void> cancel(Caller caller) {
        commands.sendAndWait(Causation.byUser(caller.userId(), new CancelEmailChange(caller.userId())));
        return ResponseEntity.noContent().build();
    }

    /** The link in the notice to the old address; it reads {@code <userId>.<secret>}. Public: no login needed. */
    @PostMapping("/api/v1/auth/email-change/revert")
    public ResponseEntity<Void> revert(@Valid @RequestBody RevertLink link) {
        IdentifiedSecret token = IdentifiedSecret.parse(link.token()).orElseThrow(EmailChange::invalidRevertLink);
        NamedAggregates.send(commands, new RevertEmailChange(token.id(), token.secret()),
                EmailChange::invalidRevertLink);
        return ResponseEntity.noContent().build();
    }

    private static void answer(CodeOutcome outcome) {
        if (outcome == CodeOutcome.WRONG_CODE) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "wrong-email-change-code",
                    "The code is wrong; five wrong codes end the change.");
        }
    }
}
