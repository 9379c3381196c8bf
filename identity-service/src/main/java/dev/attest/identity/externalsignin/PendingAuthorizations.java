package dev.attest.identity.externalsignin;

import dev.attest.identity.crypto.IdentityKeys;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.SecretBox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Sign-ins sent to a provider and not back yet, keyed by the hash of their {@code state}, in the event store's
 * database so any instance can take the callback. The PKCE verifier is sealed (it must be sent later), the
 * nonce kept as a hash; each is taken once, within ten minutes.
 */
@Component
public class PendingAuthorizations {

    static final Duration VALIDITY = Duration.ofMinutes(10);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    /** What goes to the provider now. */
    public record Opened(String state, String nonce, String codeChallenge) {
    }

    /** What the callback needs. */
    public record Pending(String provider, String redirectUri, String nonceHash, String codeVerifier) {
    }

    private final JdbcTemplate jdbc;
    private final OneTimeSecrets secrets;
    private final SecretBox box;
    private final Clock clock;

    public PendingAuthorizations(JdbcTemplate jdbc, OneTimeSecrets secrets, SecretBox box, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.box = box;
        this.clock = clock;
        jdbc.execute("create table if not exists oauth2_authorizations (state_hash varchar(64) primary key, "
                + "provider varchar(100) not null, redirect_uri varchar(2000) not null, nonce_hash varchar(64) not null, "
                + "sealed_verifier varchar(400) not null, sealed_with varchar(64) not null, expires_at timestamp not null)");
    }

    public Opened open(String provider, String redirectUri) {
        Instant now = clock.instant();
        jdbc.update("delete from oauth2_authorizations where expires_at < ?", Timestamp.from(now));
        String state = random();
        String nonce = random();
        String verifier = random();
        String stateHash = secrets.hash(state);
        SecretBox.Sealed sealed = box.seal(verifier, stateHash);
        jdbc.update("insert into oauth2_authorizations (state_hash, provider, redirect_uri, nonce_hash, sealed_verifier, "
                + "sealed_with, expires_at) values (?, ?, ?, ?, ?, ?, ?)", stateHash, provider, redirectUri,
                secrets.hash(nonce), sealed.ciphertext(), sealed.keyId(), Timestamp.from(now.plus(VALIDITY)));
        return new Opened(state, nonce, challengeOf(verifier));
    }

    /** The pending sign-in of {@code state}, removed as it is taken: a second callback finds nothing. */
    public Optional<Pending> take(String state) {
        if (state == null || state.length() > 200) {
            return Optional.empty();
        }
        String stateHash = secrets.hash(state);
        List<Row> rows = jdbc.query("select provider, redirect_uri, nonce_hash, sealed_verifier, sealed_with, "
                        + "expires_at from oauth2_authorizations where state_hash = ?",
                (row, n) -> new Row(row.getString(1), row.getString(2), row.getString(3),
                        new SecretBox.Sealed(row.getString(5), row.getString(4)), row.getTimestamp(6).toInstant()),
                stateHash);
        if (rows.isEmpty() || jdbc.update("delete from oauth2_authorizations where state_hash = ?", stateHash) != 1) {
            return Optional.empty();
        }
        Row row = rows.get(0);
        if (!clock.instant().isBefore(row.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(new Pending(row.provider(), row.redirectUri(), row.nonceHash(),
                box.open(row.verifier(), stateHash)));
    }

    /** A stored sign-in, its verifier still sealed: opened only for the one caller that took the row. */
    private record Row(String provider, String redirectUri, String nonceHash, SecretBox.Sealed verifier,
                       Instant expiresAt) {
    }

    private static String random() {
        return URL.encodeToString(IdentityKeys.randomBytes(32));
    }

    /** RFC 7636 S256. */
    static String challengeOf(String verifier) {
        try {
            return URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
