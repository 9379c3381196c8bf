package dev.attest.embedded.testing;

import com.icegreen.greenmail.util.GreenMail;
import dev.attest.embedded.EmbeddedInfrastructure;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * What a service's integration test runs against. By default the embedded servers; with
 * {@code -Dattest.test.infrastructure=containers} (Maven profile {@code containers}) a real MongoDB and a
 * real Kafka in Docker containers. SMTP is always GreenMail, a real SMTP server. Tests that use this are
 * annotated {@code @ExtendWith(TestInfrastructure.Available.class)}, so without a Docker engine the
 * containers run is skipped, not failed.
 */
public final class TestInfrastructure {

    public static final String MODE_PROPERTY = "attest.test.infrastructure";

    private final EmbeddedInfrastructure embedded;
    private final String kafkaBootstrapServers;
    private final String mongoConnection;

    private TestInfrastructure(EmbeddedInfrastructure embedded, String kafkaBootstrapServers, String mongoConnection) {
        this.embedded = embedded;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.mongoConnection = mongoConnection;
    }

    public static boolean onContainers() {
        return "containers".equals(System.getProperty(MODE_PROPERTY));
    }

    /** Starts what this test run asks for; containers and servers stop with the test JVM. */
    public static TestInfrastructure start() {
        EmbeddedInfrastructure embedded = EmbeddedInfrastructure.inMemory();
        if (!onContainers()) {
            return new TestInfrastructure(embedded, embedded.kafkaBootstrapServers(), null);
        }
        MongoDBContainer mongo = new MongoDBContainer(DockerImageName.parse("mongo:7.0"));
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:3.9.1"));
        mongo.start();
        kafka.start();
        return new TestInfrastructure(embedded, kafka.getBootstrapServers(), mongo.getConnectionString());
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String mongoUri(String database) {
        return mongoConnection == null ? embedded.mongoUri(database) : mongoConnection + "/" + database;
    }

    public int smtpPort() {
        return embedded.smtpPort();
    }

    public GreenMail mail() {
        return embedded.mail();
    }

    /** Skips a test class that asks for containers where no Docker engine answers. */
    public static final class Available implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!onContainers()) {
                return ConditionEvaluationResult.enabled("embedded infrastructure");
            }
            return DockerClientFactory.instance().isDockerAvailable()
                    ? ConditionEvaluationResult.enabled("Docker engine available")
                    : ConditionEvaluationResult.disabled("no Docker engine for MongoDB and Kafka containers");
        }
    }
}
