package dev.attest.identity.clientpolicy;

import dev.attest.contracts.Permission;
import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.clientpolicy.ClientPolicy.SetTwoFactorPolicy;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A client's sign-in policy, read by its users and set by its administrators ({@code USERS_MANAGE}). The
 * gateway routes {@code /api/v1/clients/{id}/policy} here; the rest of a client lives in membership-service.
 */
@RestController
public class ClientPolicyController {

    /** What a change names; a missing requirement stays as it is. */
    public record PolicyChange(Boolean requireTwoFactor, Boolean requireAuthenticatorApp) {
    }

    private final CommandGateway commands;
    private final ClientPolicies policies;
    private final AccessFacts access;

    public ClientPolicyController(CommandGateway commands, ClientPolicies policies, AccessFacts access) {
        this.commands = commands;
        this.policies = policies;
        this.access = access;
    }

    @GetMapping("/api/v1/clients/{clientId}/policy")
    public TwoFactorPolicy get(Caller caller, @PathVariable String clientId) {
        requireActiveClient(caller, clientId);
        return policies.of(clientId);
    }

    @PatchMapping("/api/v1/clients/{clientId}/policy")
    public TwoFactorPolicy change(Caller caller, @PathVariable String clientId, @RequestBody PolicyChange change) {
        requireActiveClient(caller, clientId);
        access.require(caller, Permission.USERS_MANAGE);
        if (change.requireTwoFactor() == null && change.requireAuthenticatorApp() == null) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request",
                    "Name requireTwoFactor, requireAuthenticatorApp or both.");
        }
        if (Boolean.FALSE.equals(change.requireTwoFactor()) && Boolean.TRUE.equals(change.requireAuthenticatorApp())) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request",
                    "An authenticator app is a second factor: requiring one requires a second factor.");
        }
        return commands.sendAndWait(Causation.byUser(caller.userId(),
                new SetTwoFactorPolicy(clientId, change.requireTwoFactor(), change.requireAuthenticatorApp())));
    }

    /** Another client's policy is not found, not forbidden: its existence is not the caller's business. */
    private static void requireActiveClient(Caller caller, String clientId) {
        if (!clientId.equals(caller.requireClient())) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, "client-not-found", "There is no such client.");
        }
    }
}
