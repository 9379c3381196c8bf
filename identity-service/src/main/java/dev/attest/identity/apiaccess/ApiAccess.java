package dev.attest.identity.apiaccess;

import dev.attest.identity.apiaccess.ApiAccessEvents.ApiAccessGranted;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiAccessRevoked;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiKeyCreated;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiKeyRevoked;
import dev.attest.identity.apiaccess.ApiAccessEvents.ApiTokenIssued;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The seed's API-access flag and the user's API keys: while the flag is on, the user creates named keys (the
 * secret shown once, its keyed hash kept) that obtain API tokens for the main client. Turning the flag off
 * revokes every key.
 */
public class ApiAccess {

    static final int MAX_LIVE_KEYS = 10;

    /** A key that answered a token request: when it stops, so the token ends no later. */
    public record Grant(String mainClientId, Instant keyExpiresAt) {
    }

    /** A key as its owner knows it: the secret is only in this answer, never stored. */
    public record NewKey(String keyId, Secret secret, Instant expiresAt) {
        @Override
        public String toString() {
            return "NewKey[keyId=" + keyId + ", secret=[secret]]";
        }
    }

    record Key(String secretHash, Instant expiresAt, boolean revoked) {

        boolean liveAt(Instant now) {
            return !revoked && (expiresAt == null || now.isBefore(expiresAt));
        }
    }

    private String userId;
    private String mainClientId;
    private boolean enabled;
    private final Map<String, Key> keys = new HashMap<>();

    protected ApiAccess() {
        // for the snapshot serializer
    }

    public ApiAccess(String userId, String mainClientId) {
        this.userId = userId;
        this.mainClientId = mainClientId;
    }

    public boolean enabled() {
        return enabled;
    }

    public void set(boolean on) {
        if (on && !enabled) {
            apply(new ApiAccessGranted(userId, mainClientId));
        } else if (!on && enabled) {
            apply(new ApiAccessRevoked(userId, mainClientId));
        }
    }

    public NewKey create(String keyId, String name, Instant expiresAt, OneTimeSecrets secrets, Instant now) {
        if (!enabled) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "api-access-not-granted",
                    "API access is not granted to this account; an administrator of its main client can grant it.");
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request", "expiresAt must lie in the future.");
        }
        if (keys.values().stream().filter(key -> key.liveAt(now)).count() >= MAX_LIVE_KEYS) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "too-many-api-keys",
                    "At most " + MAX_LIVE_KEYS + " API keys can be live at once; revoke one first.");
        }
        OneTimeSecrets.HandedOutSecret secret = secrets.handedOutToken();
        apply(new ApiKeyCreated(userId, mainClientId, keyId, name, secret.hash(), expiresAt));
        return new NewKey(keyId, new Secret(ApiKeys.SECRET_PREFIX + secret.secret().value()), expiresAt);
    }

    public void revoke(String keyId) {
        Key key = keys.get(keyId);
        if (key == null) {
            throw notFound();
        }
        if (!key.revoked()) {
            apply(new ApiKeyRevoked(userId, mainClientId, keyId));
        }
    }

    /** The key's token, or the same refusal for every reason, so a caller learns nothing from it. */
    public Grant issueToken(String keyId, Secret presented, OneTimeSecrets secrets, Instant now) {
        Key key = keys.get(keyId);
        String secret = presented == null || presented.value() == null
                || !presented.value().startsWith(ApiKeys.SECRET_PREFIX) ? null
                : presented.value().substring(ApiKeys.SECRET_PREFIX.length());
        if (!enabled || key == null || !key.liveAt(now) || !secrets.matches(new Secret(secret), key.secretHash())) {
            throw ApiKeys.invalidClient();
        }
        apply(new ApiTokenIssued(userId, mainClientId, keyId));
        return new Grant(mainClientId, key.expiresAt());
    }

    static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "api-key-not-found", "There is no such API key.");
    }

    @EventSourcingHandler
    void on(ApiAccessGranted event) {
        enabled = true;
    }

    @EventSourcingHandler
    void on(ApiAccessRevoked event) {
        enabled = false;
        keys.replaceAll((id, key) -> new Key(key.secretHash(), key.expiresAt(), true));
    }

    @EventSourcingHandler
    void on(ApiKeyCreated event) {
        keys.put(event.keyId(), new Key(event.secretHash(), event.expiresAt(), false));
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        keys.computeIfPresent(event.keyId(), (id, key) -> new Key(key.secretHash(), key.expiresAt(), true));
    }
}
