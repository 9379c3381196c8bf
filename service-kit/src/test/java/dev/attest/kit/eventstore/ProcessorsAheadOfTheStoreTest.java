package dev.attest.kit.eventstore;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessorsAheadOfTheStoreTest {

    final EventStore store = JdbcEventStores.inMemory();
    final List<TrackingEventProcessor> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(TrackingEventProcessor::shutDown);
    }

    @Test
    void aProcessorPastTheStoresLastEventIsReported() {
        publish(3); // global indexes 1, 2, 3
        TrackingEventProcessor mails = startedAt("mail-delivery", 377);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ProcessorsAheadOfTheStore.ahead(List.of(mails), store))
                        .containsExactly(new ProcessorsAheadOfTheStore.Ahead("mail-delivery", 0, 377, 3)));
    }

    @Test
    void aProcessorAtOrBehindTheStoresLastEventIsNot() {
        publish(3);
        TrackingEventProcessor caughtUp = startedAt("users", 3);
        TrackingEventProcessor behind = startedAt("sessions", 1);

        await().atMost(Duration.ofSeconds(10)).until(() -> caughtUp.processingStatus().size() == 1
                && behind.processingStatus().size() == 1
                && behind.processingStatus().get(0).getCurrentPosition().orElse(-1) == 3);
        assertThat(ProcessorsAheadOfTheStore.ahead(List.of(caughtUp, behind), store)).isEmpty();
    }

    private void publish(int events) {
        for (int i = 0; i < events; i++) {
            store.publish(GenericEventMessage.asEventMessage("event " + i));
        }
    }

    private TrackingEventProcessor startedAt(String name, long index) {
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        tokens.initializeTokenSegments(name, 1, GapAwareTrackingToken.newInstance(index, List.of()));
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Object() {
                    @EventHandler
                    void on(String event) {
                    }
                }).build())
                .messageSource(store)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.INSTANCE)
                .build();
        processor.start();
        started.add(processor);
        return processor;
    }
}
