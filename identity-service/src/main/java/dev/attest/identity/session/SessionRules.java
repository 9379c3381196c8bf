package dev.attest.identity.session;

import java.time.Instant;
import java.util.Optional;

/**
 * What the user's side says about a session at its refresh: why it may not go on (the user was disabled,
 * changed the password after the session started, from another session, or left the session's client), or
 * nothing.
 */
public interface SessionRules {

    Optional<String> endReason(String userId, String clientId, String sessionId, Instant startedAt);
}
