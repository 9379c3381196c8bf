package dev.attest.contracts.identity.v1;

import dev.attest.contracts.EventContext;
import dev.attest.contracts.IntegrationEvent;

/** The user's names or language changed; all three as they are now. */
public record PersonalDataChanged(EventContext context, String userId, String firstName, String lastName,
                                  String locale) implements IntegrationEvent {
}
