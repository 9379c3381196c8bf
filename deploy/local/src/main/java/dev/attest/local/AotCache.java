package dev.attest.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * JDK 25's ahead-of-time cache for a service (JEP 483, 514, 515): the classes it loaded, linked and profiled in
 * an earlier run, mapped from a file at start, which takes about 40 % off a service's start-up CPU. The cache
 * needs a class path of plain jars that do not change, so the service's executable jar is extracted (Spring
 * Boot's {@code -Djarmode=tools extract}) once per content: a rebuild that changes nothing keeps the extracted
 * jars and the cache. The first run of new content records the cache when the service stops; every later run
 * uses it. A JVM that cannot use a cache (another JDK) starts without it.
 */
final class AotCache {

    private static final String CACHE = "app.aot";
    private static final String FINGERPRINT = "fingerprint";

    private AotCache() {
    }

    /** Whether {@code java} (the JVM that runs this launcher and the services) has the AOT cache. */
    static boolean supported() {
        return Runtime.version().feature() >= 25;
    }

    /** The JVM arguments that run {@code jar} with its cache, kept in {@code directory}. */
    static Launch prepare(String java, Path jar, Path directory) throws IOException {
        String fingerprint = fingerprint(jar);
        Path extracted = directory.resolve(jar.getFileName());
        Path recorded = directory.resolve(FINGERPRINT);
        if (!Files.isRegularFile(recorded) || !Files.readString(recorded).equals(fingerprint)
                || !Files.isRegularFile(extracted)) {
            deleteRecursively(directory);
            PrivateFiles.createDirectories(directory);
            extract(java, jar, directory);
            Files.writeString(recorded, fingerprint, StandardCharsets.UTF_8);
        }
        Path cache = directory.resolve(CACHE);
        boolean recording = !Files.isRegularFile(cache);
        return new Launch(List.of((recording ? "-XX:AOTCacheOutput=" : "-XX:AOTCache=") + cache,
                "-jar", extracted.toString()), cache, recording);
    }

    /**
     * @param arguments what follows the JVM options on the command line
     * @param recording whether the cache is written when the service stops (which then takes some seconds more)
     */
    record Launch(List<String> arguments, Path cache, boolean recording) {
    }

    /** The jar's content, from its central directory alone (names, sizes, CRCs): its timestamps change with every build. */
    static String fingerprint(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).forEach(entry -> digest.update(
                    (entry.getName() + "\t" + entry.getSize() + "\t" + entry.getCrc() + "\n").getBytes(StandardCharsets.UTF_8)));
            digest.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(String java, Path jar, Path directory) throws IOException {
        Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", directory.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("could not extract " + jar + " for its AOT cache");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while extracting " + jar, e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
