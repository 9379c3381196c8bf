package dev.attest.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * What every integration event carries besides its own facts.
 *
 * @param eventId       unique per event; equal to the CloudEvents {@code ce_id} header, so consumers
 *                      deduplicate on it
 * @param occurredAt    when the domain event was stored
 * @param aggregateId   the aggregate the event belongs to; also the Kafka key
 * @param clientId      the client (tenant) the event concerns, or {@code null} for platform-wide events
 * @param actor         the user id who caused it, or {@link #SYSTEM}
 * @param correlationId ties together every event caused by one request
 */
public record EventContext(UUID eventId, Instant occurredAt, String aggregateId, String clientId,
                           String actor, String correlationId) {

    public static final String SYSTEM = "system";
}
