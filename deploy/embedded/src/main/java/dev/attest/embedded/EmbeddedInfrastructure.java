package dev.attest.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The infrastructure the platform needs, in this process, every part listening on 127.0.0.1 only: a real
 * Kafka broker (KRaft), a MongoDB wire server and an SMTP server whose mail is readable over IMAP. With a
 * data directory Kafka and MongoDB keep their data there across restarts; without one MongoDB lives in
 * memory and Kafka in a temporary directory removed on close (tests).
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private final KafkaBroker kafka;
    private final Path temporaryKafkaLog;
    private final MongoServer mongo;
    private final GreenMail mail;
    private final InetSocketAddress mongoAddress;

    private EmbeddedInfrastructure(KafkaBroker kafka, Path temporaryKafkaLog, MongoServer mongo,
                                   InetSocketAddress mongoAddress, GreenMail mail) {
        this.kafka = kafka;
        this.temporaryKafkaLog = temporaryKafkaLog;
        this.mongo = mongo;
        this.mongoAddress = mongoAddress;
        this.mail = mail;
    }

    /** Everything on free ports, nothing kept: for tests. */
    public static EmbeddedInfrastructure inMemory() {
        return start(null, 0, 0, 0);
    }

    /**
     * Starts all three.
     *
     * @param dataDirectory where Kafka ({@code kafka/}) and MongoDB ({@code mongo/}) keep their data, or
     *                      {@code null} to keep nothing
     * @param kafkaPort     0 for any free port
     * @param mongoPort     0 for any free port
     * @param smtpPort      0 for any free port; IMAP listens on smtpPort + 118 (3025 -> 3143)
     */
    public static EmbeddedInfrastructure start(Path dataDirectory, int kafkaPort, int mongoPort, int smtpPort) {
        Path temporaryKafkaLog = null;
        Path kafkaLog;
        try {
            if (dataDirectory == null) {
                temporaryKafkaLog = Files.createTempDirectory("attest-kafka");
                kafkaLog = temporaryKafkaLog;
            } else {
                kafkaLog = dataDirectory.resolve("kafka");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker kafka = KafkaBroker.start(kafkaLog, kafkaPort);

        MongoServer mongo;
        if (dataDirectory == null) {
            mongo = new MongoServer(new MemoryBackend());
        } else {
            try {
                Files.createDirectories(dataDirectory.resolve("mongo"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dataDirectory.resolve("mongo"), e);
            }
            mongo = new MongoServer(new H2Backend(dataDirectory.resolve("mongo/mongo.mv").toString()));
        }
        mongo.bind("127.0.0.1", mongoPort);
        InetSocketAddress mongoAddress = mongo.getLocalAddress();

        ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(smtpPort == 0 ? 0 : smtpPort + 118, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);
        // GreenMail creates a mailbox per recipient on arrival; its login and password are the address.
        GreenMail mail = new GreenMail(new ServerSetup[]{smtp, imap});
        mail.start();
        return new EmbeddedInfrastructure(kafka, temporaryKafkaLog, mongo, mongoAddress, mail);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int kafkaPort() {
        return kafka.port();
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
        kafka.close();
        if (temporaryKafkaLog != null) {
            try (Stream<Path> files = Files.walk(temporaryKafkaLog)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
