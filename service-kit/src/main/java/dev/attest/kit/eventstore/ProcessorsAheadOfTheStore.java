package dev.attest.kit.eventstore;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A processor whose position is past the last event of its store passes over every new event until the store has
 * caught up with it: its read model falls behind, its mails are never sent, and nothing says so. That is what a store
 * that lost its last transactions while the processors' tokens kept them looks like (H2 2.3.232 did so once,
 * docs/operations.md). Nothing can tell which events are missing, so this does not repair it; it says so, as an
 * error, once a minute while it lasts.
 */
public class ProcessorsAheadOfTheStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessorsAheadOfTheStore.class);

    /** A processor segment at {@code position}, past the store's last event at {@code head}. */
    public record Ahead(String processor, int segment, long position, long head) {
    }

    private final Supplier<EventProcessingConfiguration> processing;
    private final Supplier<EventStore> store;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "processors-ahead-check");
        thread.setDaemon(true);
        return thread;
    });

    /** Both looked up when checked: Axon's configuration needs the event store, which is built after this. */
    public ProcessorsAheadOfTheStore(Supplier<EventProcessingConfiguration> processing, Supplier<EventStore> store) {
        this.processing = processing;
        this.store = store;
    }

    /** Checked first a few seconds after the start, when the processors have claimed their segments. */
    @EventListener(ApplicationReadyEvent.class)
    public void checkOnceAMinute() {
        checks.scheduleWithFixedDelay(this::report, 10, 60, TimeUnit.SECONDS);
    }

    void report() {
        try {
            for (Ahead ahead : ahead(processing.get().eventProcessors().values(), store.get())) {
                log.error("Processor {} (segment {}) is at event {}, but the event store ends at {}: it passes over "
                                + "every new event until the store gets there. The store lost events its processors "
                                + "had handled (docs/operations.md, 'a tracking processor whose token is ahead')",
                        ahead.processor(), ahead.segment(), ahead.position(), ahead.head());
            }
        } catch (RuntimeException e) {
            log.warn("Could not compare the processors' positions with the event store: {}", e.toString());
        }
    }

    /**
     * The segments of {@code processors} past the head of {@code store}. Their positions are read before the head,
     * so an event appended meanwhile can only move the head on, never make a processor look ahead.
     */
    public static List<Ahead> ahead(Collection<? extends EventProcessor> processors, EventStore store) {
        record Position(String processor, int segment, long at) {
        }
        List<Position> positions = new ArrayList<>();
        for (EventProcessor processor : processors) {
            if (processor instanceof StreamingEventProcessor streaming) {
                for (EventTrackerStatus status : streaming.processingStatus().values()) {
                    status.getCurrentPosition().ifPresent(at ->
                            positions.add(new Position(processor.getName(), status.getSegment().getSegmentId(), at)));
                }
            }
        }
        if (positions.isEmpty()) {
            return List.of();
        }
        TrackingToken headToken = store.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        return positions.stream().filter(p -> p.at() > head)
                .map(p -> new Ahead(p.processor(), p.segment(), p.at(), head)).toList();
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
