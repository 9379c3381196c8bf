package dev.attest.identity.credentials;

import dev.attest.identity.crypto.Secret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public final class CredentialCommands {

    private CredentialCommands() {
    }

    public record SetPassword(@TargetAggregateIdentifier String userId, Secret setupToken, Secret password) {
    }
}
