package dev.attest.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The infrastructure the platform needs, in this process: a real Kafka broker (KRaft), a MongoDB wire
 * server and an SMTP server whose mail is readable over IMAP. With a data directory MongoDB keeps its
 * data on disk; without one everything lives in memory (tests).
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker kafka;
    private final MongoServer mongo;
    private final GreenMail mail;
    private final InetSocketAddress mongoAddress;

    private EmbeddedInfrastructure(EmbeddedKafkaKraftBroker kafka, MongoServer mongo, InetSocketAddress mongoAddress,
                                   GreenMail mail) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.mongoAddress = mongoAddress;
        this.mail = mail;
    }

    /** Everything in memory on free ports: for tests. */
    public static EmbeddedInfrastructure inMemory() {
        return start(null, 0, 0);
    }

    /**
     * Starts all three. Kafka always takes a free port: spring-kafka-test 3.3 ignores a fixed one.
     *
     * @param dataDirectory where MongoDB keeps its data, or {@code null} for memory
     * @param mongoPort     0 for any free port
     * @param smtpPort      0 for any free port; IMAP listens on smtpPort + 118 (3025 -> 3143)
     */
    public static EmbeddedInfrastructure start(Path dataDirectory, int mongoPort, int smtpPort) {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperties(Map.of("auto.create.topics.enable", "true",
                        "offsets.topic.replication.factor", "1",
                        "transaction.state.log.replication.factor", "1"));
        kafka.afterPropertiesSet();

        MongoServer mongo;
        if (dataDirectory == null) {
            mongo = new MongoServer(new MemoryBackend());
        } else {
            try {
                Files.createDirectories(dataDirectory);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create " + dataDirectory, e);
            }
            mongo = new MongoServer(new H2Backend(dataDirectory.resolve("mongo.mv").toString()));
        }
        mongo.bind("127.0.0.1", mongoPort);
        InetSocketAddress mongoAddress = mongo.getLocalAddress();

        ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(smtpPort == 0 ? 0 : smtpPort + 118, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        // GreenMail creates a mailbox per recipient on arrival; its login and password are the address.
        GreenMail mail = new GreenMail(new ServerSetup[]{smtp, imap});
        mail.start();
        return new EmbeddedInfrastructure(kafka, mongo, mongoAddress, mail);
    }

    public String kafkaBootstrapServers() {
        return kafka.getBrokersAsString();
    }

    /** A connection string for {@code database} on the embedded MongoDB. */
    public String mongoUri(String database) {
        return "mongodb://" + mongoAddress.getHostString() + ":" + mongoAddress.getPort() + "/" + database;
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    public int imapPort() {
        return mail.getImap().getPort();
    }

    public GreenMail mail() {
        return mail;
    }

    @Override
    public void close() {
        mail.stop();
        mongo.shutdownNow();
        kafka.destroy();
    }
}
