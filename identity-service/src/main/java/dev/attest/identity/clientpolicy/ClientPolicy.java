package dev.attest.identity.clientpolicy;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What a client requires of its users' sign-in (second factors) and allows them (external providers), set by its administrators. It lives in identity-service
 * because only the login obeys it; its history is the audit trail of who asked for what.
 */
@Aggregate
public class ClientPolicy {

    /** Null leaves a requirement as it is. */
    public record SetTwoFactorPolicy(@TargetAggregateIdentifier String clientId, Boolean requireTwoFactor,
                                     Boolean requireAuthenticatorApp) {
    }

    @Revision("1")
    public record TwoFactorPolicySet(String clientId, boolean requireTwoFactor, boolean requireAuthenticatorApp) {
    }

    /** Replaces the providers the client's users may sign in with. */
    public record AllowSignInProviders(@TargetAggregateIdentifier String clientId, List<String> providers) {
    }

    @Revision("1")
    public record SignInProvidersAllowed(String clientId, List<String> providers) {
    }

    @AggregateIdentifier
    private String clientId;
    private TwoFactorPolicy policy = TwoFactorPolicy.NONE;
    private List<String> providers = List.of();

    protected ClientPolicy() {
        // for Axon
    }

    /** Answers the policy in force afterwards; an app required means a second factor required. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TwoFactorPolicy handle(SetTwoFactorPolicy command, ClientPolicies table) {
        boolean app = command.requireAuthenticatorApp() == null ? policy.requireAuthenticatorApp()
                : command.requireAuthenticatorApp();
        boolean twoFactor = command.requireTwoFactor() == null ? policy.requireTwoFactor() : command.requireTwoFactor();
        if (Boolean.FALSE.equals(command.requireTwoFactor()) && command.requireAuthenticatorApp() == null) {
            app = false; // no second factor required means no app required either
        }
        TwoFactorPolicy next = new TwoFactorPolicy(twoFactor, app);
        if (clientId == null || !next.equals(policy)) {
            apply(new TwoFactorPolicySet(command.clientId(), next.requireTwoFactor(), next.requireAuthenticatorApp()));
            table.put(command.clientId(), next);
        }
        return next;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AllowSignInProviders command, ClientPolicies table) {
        List<String> next = command.providers().stream().distinct().sorted().toList();
        if (clientId == null || !next.equals(providers)) {
            apply(new SignInProvidersAllowed(command.clientId(), next));
            table.putProviders(command.clientId(), next);
        }
    }

    @EventSourcingHandler
    void on(SignInProvidersAllowed event) {
        clientId = event.clientId();
        providers = List.copyOf(event.providers());
    }

    @EventSourcingHandler
    void on(TwoFactorPolicySet event) {
        clientId = event.clientId();
        policy = new TwoFactorPolicy(event.requireTwoFactor(), event.requireAuthenticatorApp());
    }
}
