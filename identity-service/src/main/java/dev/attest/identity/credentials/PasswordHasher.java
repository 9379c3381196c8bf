package dev.attest.identity.credentials;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.attest.identity.crypto.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane), in PHC string form
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$...}). The native libargon2 does the work where it loads
 * (measured here: 20 ms a hash), BouncyCastle elsewhere (28 ms on JDK 25, 60 ms on JDK 17); both read and
 * write the same strings. Each hash holds its memory and a core, so at most one per core runs at once, on
 * threads of their own.
 */
@Component
public class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final Logger log = LoggerFactory.getLogger(PasswordHasher.class);

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Argon2Implementation argon2 = Argon2Implementation.best();
    /**
     * Hashes run here, one per core at most: each holds its memory and a core. On a few threads of their own,
     * the 19 MiB libargon2 takes from malloc each time stay in those threads' arenas and are reused; run on
     * any request thread, glibc kept one arena's worth per thread, and identity-service's RSS grew by hundreds
     * of megabytes under load (docs/performance.md).
     */
    private final ExecutorService hashers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            new ThreadFactory() {
                private final AtomicInteger count = new AtomicInteger();

                @Override
                public Thread newThread(Runnable task) {
                    Thread thread = new Thread(task, "argon2-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });
    /**
     * The hash alone, without the wait for a slot: its time and the CPU it took. The benchmark reads them as
     * the ceiling a login can never beat ({@code bench/bench.py}).
     */
    private final Timer hashing;
    private final Counter hashingCpu;
    /** Verified against when there is no real hash, so "no such user" costs as long as "wrong password". */
    private final String decoy = argon2.hash("decoy password that matches nothing");

    public PasswordHasher() {
        this(new SimpleMeterRegistry());
    }

    @Autowired
    public PasswordHasher(MeterRegistry meters) {
        hashing = Timer.builder("attest.password.hashing").description("one Argon2id hash or verification")
                .register(meters);
        hashingCpu = Counter.builder("attest.password.hashing.cpu").baseUnit("seconds")
                .description("CPU time of the Argon2id hashes and verifications").register(meters);
    }

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
        Future<T> result = hashers.submit(() -> {
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            try {
                return hashing.record(work);
            } finally {
                hashingCpu.increment((THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1e9);
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to hash", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
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
