package dev.attest.identity.crypto;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code <aggregate id>.<secret>} form of refresh tokens, set-password tokens and login challenges:
 * the id names the aggregate that checks the secret (docs/decisions/0003).
 */
public record IdentifiedSecret(String id, Secret secret) {

    /** A new {@code <aggregateId>.<128 random bits>}: a challenge or set-up id that names its user. */
    public static String newFor(String aggregateId) {
        return aggregateId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(IdentityKeys.randomBytes(16));
    }

    /** Empty unless {@code token} is a UUID, a dot, and the rest. */
    public static Optional<IdentifiedSecret> parse(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new IdentifiedSecret(UUID.fromString(token.substring(0, dot)).toString(),
                    new Secret(token.substring(dot + 1))));
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }
}
