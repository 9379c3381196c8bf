package dev.attest.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Files and directories only the platform's user can read: created with mode 600 / 700 in the same
 * system call that creates them, so there is no moment in which they are readable by others.
 */
final class PrivateFiles {

    static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    static void createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            createDirectories(absolute.getParent());
        }
        if (POSIX) {
            Files.createDirectory(absolute, attribute("rwx------"));
        } else {
            Files.createDirectory(absolute);
        }
    }

    /** The file's content, or {@code generator}'s, written to a new file of mode 600. */
    static String readOrCreate(Path file, Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        createDirectories(file.getParent());
        String value = generator.get();
        Path created = POSIX ? Files.createFile(file, attribute("rw-------")) : Files.createFile(file);
        Files.writeString(created, value, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return value;
    }

    private static FileAttribute<?> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
