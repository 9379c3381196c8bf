package dev.attest.contracts;

/** An event published on Kafka. Implementations are listed in {@link EventCatalogue}. */
public interface IntegrationEvent {

    EventContext context();
}
