package dev.attest.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A rebuilt jar keeps its AOT cache when only its timestamps changed, and loses it when its content did. */
class AotCacheTest {

    @TempDir
    Path directory;

    @Test
    void theFingerprintIsTheContentNotTheTimestamps() throws IOException {
        String built = AotCache.fingerprint(jar("a.jar", Instant.parse("2026-01-01T00:00:00Z"), "class bytes"));
        String rebuilt = AotCache.fingerprint(jar("b.jar", Instant.parse("2026-06-01T12:00:00Z"), "class bytes"));
        String changed = AotCache.fingerprint(jar("c.jar", Instant.parse("2026-01-01T00:00:00Z"), "class bytez"));

        assertThat(rebuilt).isEqualTo(built);
        assertThat(changed).isNotEqualTo(built);
    }

    private Path jar(String name, Instant time, String content) throws IOException {
        Path jar = directory.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            ZipEntry entry = new ZipEntry("BOOT-INF/classes/App.class");
            entry.setLastModifiedTime(FileTime.from(time));
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return jar;
    }
}
