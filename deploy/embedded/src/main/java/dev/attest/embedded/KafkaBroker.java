package dev.attest.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real single-node Kafka (KRaft, broker and controller in one), listening on 127.0.0.1 only. Its log
 * lives in a directory of its own, formatted on first use and kept across restarts, and retains every
 * record for ever: read models that come from Kafka can always be rebuilt by reading a topic from the
 * start, and a consumer that was stopped finds what was published meanwhile.
 */
public final class KafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;

    private KafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param logDirectory where the log is kept (created and formatted if empty)
     * @param port         the client port, or 0 for any free one
     */
    public static KafkaBroker start(Path logDirectory, int port) {
        int clientPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        String directory = logDirectory.toAbsolutePath().toString();
        try {
            Files.createDirectories(logDirectory);
            if (Files.exists(logDirectory.resolve("meta.properties"))) {
                return run(logDirectory, clientPort, controllerPort); // formatted before: keep its cluster id
            }
            new Formatter().setClusterId(Uuid.randomUuid().toString()).setNodeId(1)
                    .setControllerListenerName("CONTROLLER").setMetadataLogDirectory(directory).addDirectory(directory)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION).setIgnoreFormatted(true)
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream())).run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log in " + directory, e);
        }
        return run(logDirectory, clientPort, controllerPort);
    }

    private static KafkaBroker run(Path logDirectory, int clientPort, int controllerPort) {
        String directory = logDirectory.toAbsolutePath().toString();
        Map<String, Object> config = Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", directory),
                Map.entry("log.retention.ms", "-1"),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // The log cleaner (compacting the consumer offsets) keeps a 128 MB buffer on the heap by default;
                // 8 MB dedupes 350,000 keys a pass, far more than this broker's offsets ever hold.
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024)));
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server.startup();
        return new KafkaBroker(server, clientPort);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
