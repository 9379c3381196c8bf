package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

import java.util.List;

/** A user exists, with its main client and the groups it starts in there. */
public record UserCreated(EventContext context, String userId, String mainClientId, String email,
                          String firstName, String lastName, String locale, List<String> groupIds)
        implements IntegrationEvent {
}
