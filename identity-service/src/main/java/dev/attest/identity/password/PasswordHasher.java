package dev.attest.identity.password;

import dev.attest.identity.crypto.Secret;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import java.util.concurrent.Semaphore;

/**
 * Argon2id with OWASP's parameters (19 MiB, 2 iterations, 1 lane). Each hash holds its memory and a
 * core for ~40 ms, so at most one hash per core runs at once; the rest wait their turn.
 */
@Component
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final Semaphore slots = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    /** Verified against when there is no real hash, so "no such user" costs as long as "wrong password". */
    private final String decoy = encoder.encode("decoy password that matches nothing");

    public String hash(Secret password) {
        return bounded(() -> encoder.encode(password.value()));
    }

    public boolean matches(Secret password, String hash) {
        boolean decoyOnly = hash == null;
        boolean matches = bounded(() -> encoder.matches(password.value(), decoyOnly ? decoy : hash));
        return matches && !decoyOnly;
    }

    private <T> T bounded(java.util.function.Supplier<T> work) {
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
}
