package dev.attest.identity.signingkeys;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.attest.identity.crypto.IdentityKeys;
import dev.attest.identity.crypto.SecretBox;
import dev.attest.identity.session.AccessTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The keys that sign access tokens, in the event store's database (private keys sealed by {@link SecretBox},
 * bound to their key id), so every instance signs with the same key and publishes the same set. A new key
 * is published {@code publishAhead} before it signs; a key that stopped signing stays published until every
 * token it signed has expired. The first start seeds the ring with the configured (or generated) key.
 */
@Component
public class SigningKeyRing {

    /** A key stays published this long after it stopped signing: a token's lifetime, and clock skew. */
    static final Duration STAYS_PUBLISHED = AccessTokens.LIFETIME.plus(Duration.ofMinutes(1));
    /** Every instance reads the ring again this often; far shorter than the publish-ahead time. */
    static final Duration REREAD_AFTER = Duration.ofSeconds(5);

    /** One key: {@code activatesAt} is when it starts signing; it signs until the next one activates. */
    public record Key(ECKey jwk, Instant activatesAt, Instant createdAt) {
        public String kid() {
            return jwk.getKeyID();
        }
    }

    /** What the operator sees of a key: never the private half. */
    public record KeyState(String kid, Instant createdAt, Instant activatesAt, Instant signedUntil,
                           Instant publishedUntil, String state) {
    }

    private static final Logger log = LoggerFactory.getLogger(SigningKeyRing.class);
    /** Activation order; two keys of one instant (instances seeding at once) are ordered by id, the same everywhere. */
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::activatesAt).thenComparing(Key::kid);

    private final JdbcTemplate jdbc;
    private final SecretBox box;
    private final Clock clock;
    private final SigningKeyProperties properties;
    private volatile List<Key> keys = List.of();
    private volatile Instant readAt = Instant.MIN;

    public SigningKeyRing(JdbcTemplate jdbc, IdentityKeys configured, Clock clock, SigningKeyProperties properties) {
        this.jdbc = jdbc;
        this.box = configured.secretBox();
        this.clock = clock;
        this.properties = properties;
        jdbc.execute("create table if not exists signing_keys (kid varchar(64) primary key, "
                + "sealed_jwk varchar(4000) not null, sealed_with varchar(64) not null, "
                + "created_at timestamp not null, activates_at timestamp not null)");
        if (jdbc.queryForObject("select count(*) from signing_keys", Integer.class) == 0) {
            try {
                insert(configured.signingKey(), Instant.EPOCH, Instant.EPOCH);
            } catch (DuplicateKeyException anotherInstanceSeededItFirst) {
                log.debug("Signing key ring seeded by another instance");
            }
        }
        reread();
    }

    /** The key that signs now: the newest one whose time has come. */
    public ECKey signingKey() {
        return placed(clock.instant()).stream().filter(key -> "SIGNING".equals(key.state().state())).findFirst()
                .orElseThrow().key().jwk();
    }

    /** The public keys every verifier must know now: the one signing, the next ones, and the recently retired. */
    public JWKSet published() {
        return new JWKSet(placed(clock.instant()).stream().filter(key -> !"RETIRED".equals(key.state().state()))
                .map(key -> (JWK) key.key().jwk().toPublicJWK()).toList());
    }

    /** Adds a key that signs from {@code publishAhead} on; answers its state. */
    public KeyState rotate() {
        Instant now = clock.instant();
        ECKey next = IdentityKeys.newSigningKey();
        insert(next, now, now.plus(properties.publishAhead()));
        reread();
        log.info("Signing key {} added; it signs from {}", next.getKeyID(), now.plus(properties.publishAhead()));
        return states(now).stream().filter(state -> state.kid().equals(next.getKeyID())).findFirst().orElseThrow();
    }

    private List<KeyState> states(Instant now) {
        return placed(now).stream().map(Placed::state).toList();
    }

    /** Every key, newest first, with when it signs and until when it is published. */
    public List<KeyState> states() {
        reread();
        return states(clock.instant());
    }

    /** With {@code attest.identity.signing-keys.rotate-every} set: a new key once the newest is that old. */
    @Scheduled(fixedDelayString = "${attest.identity.signing-keys.check-every:PT1M}")
    public void rotateWhenDue() {
        Duration every = properties.rotateEvery();
        if (every.isZero() || every.isNegative()) {
            return;
        }
        Instant newest = states().stream().map(KeyState::createdAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        if (!clock.instant().isBefore(newest.plus(every))) {
            rotate();
        }
    }

    /** A key and where it stands at some instant. */
    private record Placed(Key key, KeyState state) {
    }

    /** Every key with its state at {@code now}, newest first: the one place that decides which key signs. */
    private List<Placed> placed(Instant now) {
        List<Key> byActivation = current().stream().sorted(ORDER).toList();
        String signing = byActivation.stream().filter(key -> !key.activatesAt().isAfter(now)).reduce((a, b) -> b)
                .map(Key::kid).orElse(null);
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < byActivation.size(); i++) {
            Key key = byActivation.get(i);
            Instant signedUntil = i + 1 < byActivation.size() ? byActivation.get(i + 1).activatesAt() : null;
            Instant publishedUntil = signedUntil == null ? null : signedUntil.plus(STAYS_PUBLISHED);
            String state = key.activatesAt().isAfter(now) ? "NEXT"
                    : key.kid().equals(signing) ? "SIGNING"
                    : publishedUntil != null && now.isBefore(publishedUntil) ? "RETIRING" : "RETIRED";
            placed.add(new Placed(key, new KeyState(key.kid(), key.createdAt(), key.activatesAt(), signedUntil,
                    publishedUntil, state)));
        }
        Collections.reverse(placed);
        return placed;
    }

    private List<Key> current() {
        if (Instant.now().isAfter(readAt.plus(REREAD_AFTER))) {
            reread();
        }
        return keys;
    }

    private synchronized void reread() {
        keys = jdbc.query("select kid, sealed_jwk, sealed_with, created_at, activates_at from signing_keys",
                (row, n) -> new Key(open(row.getString(1), row.getString(2), row.getString(3)),
                        row.getTimestamp(5).toInstant(), row.getTimestamp(4).toInstant()));
        readAt = Instant.now();
    }

    private void insert(ECKey key, Instant createdAt, Instant activatesAt) {
        SecretBox.Sealed sealed = box.seal(key.toJSONString(), key.getKeyID());
        jdbc.update("insert into signing_keys (kid, sealed_jwk, sealed_with, created_at, activates_at) "
                + "values (?, ?, ?, ?, ?)", key.getKeyID(), sealed.ciphertext(), sealed.keyId(),
                Timestamp.from(createdAt), Timestamp.from(activatesAt));
    }

    private ECKey open(String kid, String ciphertext, String sealedWith) {
        try {
            return ECKey.parse(box.open(new SecretBox.Sealed(sealedWith, ciphertext), kid));
        } catch (ParseException e) {
            throw new IllegalStateException("signing key " + kid + " is not a JWK", e);
        }
    }
}
