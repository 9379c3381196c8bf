package dev.attest.identity.clientpolicy;

import dev.attest.contracts.Permission;
import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.clientpolicy.ClientPolicy.AllowSignInProviders;
import dev.attest.identity.clientpolicy.ClientPolicy.SetTwoFactorPolicy;
import dev.attest.identity.externalsignin.ExternalProviders;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * A client's sign-in policy (second factors required, external providers allowed), read by its users and
 * set by its administrators ({@code USERS_MANAGE}). The
 * gateway routes {@code /api/v1/clients/{id}/policy} here; the rest of a client lives in membership-service.
 */
@RestController
public class ClientPolicyController {

    /** What a change names; what is missing stays as it is. */
    public record PolicyChange(Boolean requireTwoFactor, Boolean requireAuthenticatorApp,
                               @Size(max = 20) List<@NotBlank @Size(max = 100) String> allowedProviders) {
    }

    /** The policy as read: second-factor requirements and the external providers allowed. */
    public record Policy(boolean requireTwoFactor, boolean requireAuthenticatorApp, List<String> allowedProviders) {
    }

    private final CommandGateway commands;
    private final ClientPolicies policies;
    private final AccessFacts access;
    private final ExternalProviders providers;

    public ClientPolicyController(CommandGateway commands, ClientPolicies policies, AccessFacts access,
                                  ExternalProviders providers) {
        this.commands = commands;
        this.policies = policies;
        this.access = access;
        this.providers = providers;
    }

    @GetMapping("/api/v1/clients/{clientId}/policy")
    public Policy get(Caller caller, @PathVariable String clientId) {
        caller.requireActiveClient(clientId);
        return policyOf(clientId);
    }

    @PatchMapping("/api/v1/clients/{clientId}/policy")
    public Policy change(Caller caller, @PathVariable String clientId, @Valid @RequestBody PolicyChange change) {
        caller.requireActiveClient(clientId);
        access.require(caller, Permission.USERS_MANAGE);
        boolean twoFactor = change.requireTwoFactor() != null || change.requireAuthenticatorApp() != null;
        if (!twoFactor && change.allowedProviders() == null) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request",
                    "Name requireTwoFactor, requireAuthenticatorApp, allowedProviders or some of them.");
        }
        if (Boolean.FALSE.equals(change.requireTwoFactor()) && Boolean.TRUE.equals(change.requireAuthenticatorApp())) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request",
                    "An authenticator app is a second factor: requiring one requires a second factor.");
        }
        if (change.allowedProviders() != null) {
            change.allowedProviders().stream().filter(provider -> !providers.isConfigured(provider)).findFirst()
                    .ifPresent(unknown -> {
                        throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request",
                                "There is no sign-in provider " + unknown + ".");
                    });
            commands.sendAndWait(Causation.byUser(caller.userId(),
                    new AllowSignInProviders(clientId, change.allowedProviders())));
        }
        if (twoFactor) {
            commands.sendAndWait(Causation.byUser(caller.userId(),
                    new SetTwoFactorPolicy(clientId, change.requireTwoFactor(), change.requireAuthenticatorApp())));
        }
        return policyOf(clientId);
    }

    private Policy policyOf(String clientId) {
        TwoFactorPolicy twoFactor = policies.of(clientId);
        return new Policy(twoFactor.requireTwoFactor(), twoFactor.requireAuthenticatorApp(),
                policies.allowedProviders(clientId));
    }
}
