package dev.attest.identity.credentials;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.attest.identity.crypto.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane), in PHC string form
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$...}). The native libargon2 does the work where it loads
 * (measured here: 20 ms a hash), BouncyCastle elsewhere (28 ms on JDK 25, 60 ms on JDK 17); both read and
 * write the same strings. Each hash holds its memory and a core, so at most one per core runs at once.
 */
@Component
public class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

    private final Argon2Implementation argon2 = Argon2Implementation.best();
    private final Semaphore slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    /** Verified against when there is no real hash, so "no such user" costs as long as "wrong password". */
    private final String decoy = argon2.hash("decoy password that matches nothing");

    public String hash(Secret password) {
        return bounded(() -> argon2.hash(password.value()));
    }

    public boolean matches(Secret password, String hash) {
        boolean decoyOnly = hash == null;
        boolean matches = bounded(() -> argon2.verify(decoyOnly ? decoy : hash, password.value()));
        return matches && !decoyOnly;
    }

    String implementation() {
        return argon2.name();
    }

    private <T> T bounded(Supplier<T> work) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash", e);
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    /** The two interchangeable implementations. */
    interface Argon2Implementation {

        String hash(String password);

        boolean verify(String hash, String password);

        String name();

        static Argon2Implementation best() {
            try {
                Argon2 lib = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
                lib.hash(1, 8, 1, "probe".toCharArray()); // loads the native library now, not on a login
                log.info("Hashing passwords with the native libargon2");
                return new Argon2Implementation() {
                    @Override
                    public String hash(String password) {
                        return lib.hash(ITERATIONS, MEMORY_KIB, PARALLELISM, password.toCharArray());
                    }

                    @Override

                    public boolean verify(String hash, String password) {
                        return lib.verify(hash, password.toCharArray());
                    }

                    @Override

                    public String name() {
                        return "native";
                    }
                };
            } catch (LinkageError | RuntimeException nativeUnavailable) {
                log.warn("Native libargon2 unavailable ({}); hashing passwords with BouncyCastle",
                        nativeUnavailable.toString());
                Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);
                return new Argon2Implementation() {
                    @Override
                    public String hash(String password) {
                        return encoder.encode(password);
                    }

                    @Override

                    public boolean verify(String hash, String password) {
                        return encoder.matches(password, hash);
                    }

                    @Override

                    public String name() {
                        return "bouncycastle";
                    }
                };
            }
        }
    }
}
