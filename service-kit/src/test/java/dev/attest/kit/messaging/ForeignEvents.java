package dev.attest.kit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.IntegrationEvent;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.Map;

/**
 * Publishes contract events the way another Attest service does (same publisher code, same headers),
 * so a service's integration test can feed it the events it consumes.
 */
public final class ForeignEvents extends CloudEventPublisher {

    public ForeignEvents(String bootstrapServers, String source) {
        super(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))),
                new ObjectMapper().findAndRegisterModules(), source);
    }

    public void send(IntegrationEvent event) {
        publish(event);
    }
}
