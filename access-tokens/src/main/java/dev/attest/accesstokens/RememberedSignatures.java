package dev.attest.accesstokens;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The access tokens whose signature was checked a moment ago. An ES256 check costs 0.5–1 ms of CPU in every JVM
 * a request crosses, and a client sends the same token with every request for minutes. Only the signature is
 * remembered, by the token's exact text: the rules (expiry, issuer, audience, revocation) are checked on every
 * use; and only for {@link #REMEMBERED}, so a signing key taken out of the key set is no longer trusted a minute
 * later. At most {@link #CAPACITY} tokens are held (a few megabytes); when they are all still fresh, all are
 * forgotten at once.
 */
public final class RememberedSignatures {

    static final Duration REMEMBERED = Duration.ofMinutes(1);
    static final int CAPACITY = 4096;

    private record Checked(Jwt jwt, long until) {
    }

    private final Map<String, Checked> checked = new ConcurrentHashMap<>();
    private final OAuth2TokenValidator<Jwt> rules;
    private final LongSupplier nanoTime;

    /** @param rules the rules the decoder checks too ({@link AccessTokenRules#validator}) */
    public RememberedSignatures(OAuth2TokenValidator<Jwt> rules) {
        this(rules, System::nanoTime);
    }

    RememberedSignatures(OAuth2TokenValidator<Jwt> rules, LongSupplier nanoTime) {
        this.rules = rules;
        this.nanoTime = nanoTime;
    }

    /**
     * {@code decoder} holding tokens to {@code rules}, skipping the signature of a token it checked lately: the
     * one set of rules serves both, so a remembered token is held to exactly what a new one is.
     */
    public static JwtDecoder checking(NimbusJwtDecoder decoder, OAuth2TokenValidator<Jwt> rules) {
        decoder.setJwtValidator(rules);
        return new RememberedSignatures(rules).around(decoder);
    }

    /** {@code decoder} (which checks signature and rules), skipping the signature of a token it checked lately. */
    JwtDecoder around(JwtDecoder decoder) {
        return token -> {
            Jwt known = recall(token);
            return known != null ? known : remember(token, decoder.decode(token));
        };
    }

    /**
     * The token as decoded when its signature was checked, if that was lately, after checking the rules again;
     * null if it was not checked lately.
     *
     * @throws JwtValidationException if it breaks a rule now (it expired, its user was disabled …)
     */
    public Jwt recall(String token) {
        Checked known = checked.get(token);
        if (known == null || nanoTime.getAsLong() - known.until() > 0) {
            return null;
        }
        OAuth2TokenValidatorResult result = rules.validate(known.jwt());
        if (result.hasErrors()) {
            OAuth2Error first = result.getErrors().iterator().next();
            throw new JwtValidationException("An error occurred while attempting to decode the Jwt: "
                    + first.getDescription(), result.getErrors());
        }
        return known.jwt();
    }

    /** Notes that {@code jwt}, decoded from {@code token}, had a valid signature (and passed the rules). */
    public Jwt remember(String token, Jwt jwt) {
        long now = nanoTime.getAsLong();
        if (checked.size() >= CAPACITY) {
            checked.values().removeIf(old -> now - old.until() > 0);
            if (checked.size() >= CAPACITY) {
                checked.clear();
            }
        }
        checked.put(token, new Checked(jwt, now + REMEMBERED.toNanos()));
        return jwt;
    }
}
