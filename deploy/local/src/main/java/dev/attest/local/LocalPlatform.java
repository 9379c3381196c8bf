package dev.attest.local;

import com.nimbusds.jose.jwk.JWK;
import dev.attest.embedded.EmbeddedInfrastructure;
import dev.attest.embedded.MailKeys;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The whole platform on one machine: embedded Kafka, MongoDB and SMTP/IMAP in this process, and the four
 * services as child processes started from their executable jars, each with its own H2 file event store.
 * Everything lives under one data directory and survives a restart (except Kafka's log: see docs).
 */
public final class LocalPlatform implements AutoCloseable {

    /**
     * Where each part listens; 0 means any free port. Only the gateway's API port listens beyond
     * loopback; its management port (metrics) and everything else listen on 127.0.0.1.
     */
    public record Ports(int gateway, int gatewayManagement, int identity, int membership, int notification,
                        int kafka, int smtp, int mongo) {

        public static Ports defaults() {
            return new Ports(8080, 8090, 8081, 8082, 8083, 9092, 3025, 27018);
        }

        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), 0, 0, 0);
        }
    }

    private static final String LOOPBACK = "127.0.0.1";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Sized for a laptop running all five JVMs: the serial collector (no GC threads, least overhead on few
     * cores) and a young generation of 32 MB, which a request's garbage dies in; the default young
     * generation (a third of the heap) would be touched in full and kept as resident memory for nothing.
     * The heap starts at 64 MB: the default start is 1/64 of the machine's memory (the whole cap on 24 GB),
     * and the serial collector fills the old generation to its size before it collects it. The live heap of
     * a service is 70–100 MB after load (docs/performance.md).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-Xmn32m", "-XX:+UseSerialGC");
    private static final String[] SERVICES_IN_START_ORDER = {"identity-service", "membership-service",
            "notification-service", "gateway"};

    private final EmbeddedInfrastructure infrastructure;
    private final Map<String, Process> processes;
    /** The services recording their AOT cache, and where each is to be written when it stops. */
    private final Map<String, Path> recordingAotCache = new HashMap<>();
    private final Ports ports;
    private final Path dataDirectory;
    private final String operatorEmail;
    private final String operatorPassword;
    /** Held from start to the end of {@link #close}: one platform per data directory at a time. */
    private final FileChannel lock;

    private LocalPlatform(EmbeddedInfrastructure infrastructure, Map<String, Process> processes, Ports ports,
                          Path dataDirectory, String operatorEmail, String operatorPassword, FileChannel lock) {
        this.lock = lock;
        this.infrastructure = infrastructure;
        this.processes = processes;
        this.ports = ports;
        this.dataDirectory = dataDirectory;
        this.operatorEmail = operatorEmail;
        this.operatorPassword = operatorPassword;
    }

    /** Starts everything without AOT caches (see the next) and waits until every service reports ready. */
    public static LocalPlatform start(Path dataDirectory, Path servicesDirectory, Ports ports,
                                      Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        return start(dataDirectory, servicesDirectory, ports, extraEnvironment, false);
    }

    /**
     * Starts everything and waits until every service reports ready.
     *
     * @param extraEnvironment added to every service's environment (tests tune limits this way)
     * @param aotCaches        whether the services run with JDK 25's AOT cache ({@link AotCache}) where the JDK has
     *                         it, kept in the data directory: a start after the first is much faster, and the first
     *                         stop after a change takes some seconds more, to write the cache
     */
    public static LocalPlatform start(Path dataDirectory, Path servicesDirectory, Ports ports,
                                      Map<String, String> extraEnvironment, boolean aotCaches)
            throws IOException, InterruptedException {
        PrivateFiles.createDirectories(dataDirectory.resolve("logs"));
        for (String service : List.of("identity", "membership", "notification", "kafka", "mongo", "keys")) {
            PrivateFiles.createDirectories(dataDirectory.resolve(service));
        }
        FileChannel lock = lock(dataDirectory);
        EmbeddedInfrastructure infrastructure;
        try {
            infrastructure = EmbeddedInfrastructure.start(dataDirectory, ports.kafka(), ports.mongo(), ports.smtp());
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        String operatorEmail = System.getenv().getOrDefault("ATTEST_OPERATOR_EMAIL", "operator@attest.local");
        String operatorPassword = System.getenv().getOrDefault("ATTEST_OPERATOR_PASSWORD",
                PrivateFiles.readOrCreate(dataDirectory.resolve("operator-password"), LocalPlatform::newPassword));
        JWK mailKey = parseKey(PrivateFiles.readOrCreate(dataDirectory.resolve("keys/mail-key.jwk"),
                () -> MailKeys.generate().toJSONString()));

        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        environments.put("identity-service", Map.of(
                "ATTEST_IDENTITY_EXTERNALSIGNIN_PUBLICURL", "http://localhost:" + ports.gateway(),
                "PORT", Integer.toString(ports.identity()),
                "SERVER_ADDRESS", LOOPBACK,
                "EVENTSTORE_URL", eventStoreUrl(dataDirectory, "identity"),
                "MONGODB_URI", infrastructure.mongoUri("attest-identity"),
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "ATTEST_IDENTITY_KEYS_DIRECTORY", dataDirectory.resolve("identity/keys").toString(),
                "ATTEST_IDENTITY_KEYS_MAIL_ENCRYPTION_KEY", mailKey.toPublicJWK().toJSONString(),
                "ATTEST_OPERATOR_EMAIL", operatorEmail,
                "ATTEST_OPERATOR_PASSWORD", operatorPassword));
        environments.put("membership-service", Map.of(
                "PORT", Integer.toString(ports.membership()),
                "SERVER_ADDRESS", LOOPBACK,
                "EVENTSTORE_URL", eventStoreUrl(dataDirectory, "membership"),
                "MONGODB_URI", infrastructure.mongoUri("attest-membership"),
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "ATTEST_TOKENS_JWKS_URI", "http://localhost:" + ports.identity() + "/.well-known/jwks.json"));
        environments.put("notification-service", Map.ofEntries(
                Map.entry("PORT", Integer.toString(ports.notification())),
                Map.entry("SERVER_ADDRESS", LOOPBACK),
                Map.entry("EVENTSTORE_URL", eventStoreUrl(dataDirectory, "notification")),
                Map.entry("MONGODB_URI", infrastructure.mongoUri("attest-notification")),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers()),
                Map.entry("ATTEST_TOKENS_JWKS_URI", "http://localhost:" + ports.identity() + "/.well-known/jwks.json"),
                Map.entry("SMTP_HOST", LOOPBACK),
                Map.entry("SMTP_PORT", Integer.toString(infrastructure.smtpPort())),
                Map.entry("ATTEST_NOTIFICATION_MAIL_KEY", mailKey.toJSONString()),
                Map.entry("ATTEST_PUBLIC_URL", "http://localhost:" + ports.gateway())));
        environments.put("gateway", Map.of(
                "PORT", Integer.toString(ports.gateway()),
                "MANAGEMENT_PORT", Integer.toString(ports.gatewayManagement()),
                "IDENTITY_URL", "http://localhost:" + ports.identity(),
                "MEMBERSHIP_URL", "http://localhost:" + ports.membership(),
                "NOTIFICATION_URL", "http://localhost:" + ports.notification(),
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers()));

        Map<String, Process> processes = new LinkedHashMap<>();
        LocalPlatform platform = new LocalPlatform(infrastructure, processes, ports, dataDirectory, operatorEmail,
                operatorPassword, lock);
        try {
            for (String service : SERVICES_IN_START_ORDER) {
                Map<String, String> environment = new HashMap<>(environments.get(service));
                environment.putAll(extraEnvironment);
                processes.put(service, platform.launch(service, servicesDirectory, environment, aotCaches));
            }
            platform.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    public String gatewayUrl() {
        return "http://localhost:" + ports.gateway();
    }

    /** The process of each service, by name; the embedded infrastructure runs in this process. */
    public Map<String, Long> processIds() {
        Map<String, Long> ids = new LinkedHashMap<>();
        processes.forEach((service, process) -> ids.put(service, process.pid()));
        return ids;
    }

    public int gatewayPort() {
        return ports.gateway();
    }

    public EmbeddedInfrastructure infrastructure() {
        return infrastructure;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String operatorEmail() {
        return operatorEmail;
    }

    public String operatorPassword() {
        return operatorPassword;
    }

    /**
     * The JDBC URL of a service's event store: a file only that service opens (no AUTO_SERVER, which
     * would open a TCP server on every interface); auditors read it while the platform is stopped. Closed with
     * the service's connection pool, once its event processors have stopped, not by H2's hook at exit (as in
     * attest-service.yml).
     */
    public static String eventStoreUrl(Path dataDirectory, String service) {
        return "jdbc:h2:file:" + dataDirectory.resolve(service).resolve("eventstore").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";
    }

    /**
     * Stops the gateway first, then the services, then the infrastructure they use. A service that records its
     * AOT cache takes some seconds more to stop; those stop side by side.
     */
    @Override
    public void close() {
        List<String> reverse = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(reverse);
        for (String service : reverse) {
            Process process = processes.get(service);
            process.destroy();
            if (!recordingAotCache.containsKey(service)) {
                awaitExit(process, 20);
            }
        }
        if (!recordingAotCache.isEmpty()) {
            System.out.println("Writing the AOT caches of " + new TreeSet<>(recordingAotCache.keySet())
                    + " for faster starts ...");
        }
        reverse.stream().filter(recordingAotCache::containsKey).forEach(this::awaitCacheWritten);
        infrastructure.close();
        try {
            lock.close();
        } catch (IOException e) {
            // released by the operating system when this process ends
        }
    }

    /**
     * Locks the data directory. A platform stopped a moment ago may still be writing its AOT caches (its
     * terminal came back at once): this start waits for it instead of failing on ports still in use.
     */
    private static FileChannel lock(Path dataDirectory) throws IOException, InterruptedException {
        FileChannel channel = FileChannel.open(dataDirectory.resolve("platform.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        boolean told = false;
        while (channel.tryLock() == null) {
            if (Instant.now().isAfter(deadline)) {
                channel.close();
                throw new IllegalStateException("another Attest platform runs on " + dataDirectory);
            }
            if (!told) {
                System.out.println("Waiting for the platform that ran on " + dataDirectory + " to stop ...");
                told = true;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return channel;
    }

    /** A JVM that fails writing its cache (JDK 25.0.3 crashed so once) costs the next start its speed, no more. */
    private void awaitCacheWritten(String service) {
        Process process = processes.get(service);
        awaitExit(process, 180);
        if (!Files.isRegularFile(recordingAotCache.get(service))) {
            System.out.println("The AOT cache of " + service + " was not written (its JVM ended with "
                    + (process.isAlive() ? "no exit" : "exit code " + process.exitValue()) + "; a crash leaves an "
                    + "hs_err_pid*.log in " + dataDirectory + "). The next start records it again.");
        }
    }

    private static void awaitExit(Process process, int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private Process launch(String service, Path servicesDirectory, Map<String, String> environment,
                           boolean aotCache) throws IOException {
        Path jar = servicesDirectory.resolve(service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build with ./mvnw -DskipTests package first");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.add("-Daxoniq.update-checker.disabled=true");
        if (aotCache && AotCache.supported()) {
            AotCache.Launch launch = AotCache.prepare(java, jar, dataDirectory.resolve("aot").resolve(service));
            command.addAll(launch.arguments());
            if (launch.recording()) {
                recordingAotCache.put(service, launch.cache());
            }
        } else {
            command.addAll(List.of("-jar", jar.toString()));
        }
        if (PrivateFiles.POSIX) {
            // Every file a service creates (its event store above all) is readable by this user only.
            command.addAll(0, List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\""));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("logs/" + service + ".log").toFile()));
        if (!service.equals("identity-service")) {
            // glibc gives each thread that allocates an arena of its own (up to 8 per core), which the JVM's
            // threads fill and keep; two are plenty for these services. Not for identity-service: its Argon2id
            // hashes got 7-10 ms dearer (with tuned mmap and trim thresholds as well: docs/performance.md).
            builder.environment().put("MALLOC_ARENA_MAX", "2");
        }
        builder.environment().putAll(environment);
        return builder.start();
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Map<String, String> waiting = new LinkedHashMap<>(Map.of(
                "identity-service", "http://127.0.0.1:" + ports.identity() + "/actuator/health/readiness",
                "membership-service", "http://127.0.0.1:" + ports.membership() + "/actuator/health/readiness",
                "notification-service", "http://127.0.0.1:" + ports.notification() + "/actuator/health/readiness",
                "gateway", "http://127.0.0.1:" + ports.gateway() + "/readyz"));
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (!waiting.isEmpty()) {
            for (var entry : List.copyOf(waiting.entrySet())) {
                Process process = processes.get(entry.getKey());
                if (!process.isAlive()) {
                    throw new IllegalStateException(entry.getKey() + " stopped during start-up; see "
                            + dataDirectory.resolve("logs/" + entry.getKey() + ".log"));
                }
                if (ready(http, entry.getValue())) {
                    waiting.remove(entry.getKey());
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not ready after " + STARTUP_TIMEOUT + ": " + waiting.keySet());
            }
            if (!waiting.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    private static boolean ready(HttpClient http, String probe) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(probe))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static JWK parseKey(String json) {
        try {
            return JWK.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored mail key is not a JWK", e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code LocalPlatform <data directory> <directory of the service jars>}: runs until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data").toAbsolutePath();
        Path services = Path.of(args.length > 1 ? args[1] : "deploy/local/target/services").toAbsolutePath();
        Instant started = Instant.now();
        System.out.println("Starting Attest (data in " + data + ") ...");
        LocalPlatform platform;
        try {
            platform = start(data, services, Ports.defaults(), Map.of(), true);
        } catch (Exception e) {
            System.err.println("Attest did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Stop on Ctrl-C or TERM before the JVM's exit hooks run: Kafka's test kit deletes the broker's
        // directory in an exit hook, which would otherwise race the services' shutdown.
        Runnable stop = () -> {
            System.out.println("Stopping Attest ...");
            platform.close();
            System.out.println("Stopped.");
            System.exit(0); // a requested stop is a success, not exit status 130/143
        };
        AtomicBoolean stopping = new AtomicBoolean();
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), s -> {
                if (stopping.compareAndSet(false, true)) {
                    new Thread(stop, "attest-stop").start();
                }
            });
        }
        System.out.printf("""

                Attest is up after %.1f s.
                  Gateway (the API):   %s   e.g. curl %s/.well-known/jwks.json
                  Operator:            %s / %s
                  Events (Kafka):      %s   topics attest.identity.user.v1, attest.membership.client.v1, ...
                  Mail (GreenMail):    IMAP localhost:%d, SMTP localhost:%d; login and password = the recipient address
                  Metrics:             http://127.0.0.1:%d/actuator/prometheus
                  Service logs:        %s
                Press Ctrl-C to stop.
                %n""", Duration.between(started, Instant.now()).toMillis() / 1000.0, platform.gatewayUrl(),
                platform.gatewayUrl(), platform.operatorEmail(), platform.operatorPassword(),
                platform.infrastructure().kafkaBootstrapServers(), platform.infrastructure().imapPort(),
                platform.infrastructure().smtpPort(), platform.ports.gatewayManagement(), data.resolve("logs"));
        Thread.currentThread().join();
    }
}
