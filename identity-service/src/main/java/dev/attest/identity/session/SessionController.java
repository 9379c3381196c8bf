package dev.attest.identity.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import dev.attest.identity.session.SessionCommands.EndSessionOfUser;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.eventstore.NamedAggregates;
import dev.attest.kit.security.Caller;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

@RestController
public class SessionController {

    public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[refreshToken=[secret]]";
        }
    }

    private final Sessions sessions;
    private final AccessTokens accessTokens;
    private final SessionProjection views;
    private final CommandGateway commands;

    public SessionController(Sessions sessions, AccessTokens accessTokens, SessionProjection views,
                             CommandGateway commands) {
        this.sessions = sessions;
        this.accessTokens = accessTokens;
        this.views = views;
        this.commands = commands;
    }

    /** The caller's live sessions, last used first; the one this token belongs to says {@code current}. */
    @GetMapping("/api/v1/me/sessions")
    public Map<String, List<SessionView>> mySessions(Caller caller) {
        return Map.of("items", views.liveSessionsOf(caller.userId(), caller.sessionId()));
    }

    /** Ends one of the caller's sessions: its refresh token stops at once (its access tokens live out their minutes). */
    @DeleteMapping("/api/v1/me/sessions/{sessionId}")
    public ResponseEntity<Void> endMySession(Caller caller, @PathVariable String sessionId) {
        NamedAggregates.send(commands, Causation.byUser(caller.userId(),
                new EndSessionOfUser(sessionId, caller.userId(), "ENDED_BY_USER")), Session::notFound);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/auth/refresh")
    public TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return sessions.refresh(request.refreshToken());
    }

    @PostMapping("/api/v1/auth/logout")
    public ResponseEntity<Void> logout(@Valid @RequestBody RefreshRequest request) {
        sessions.end(request.refreshToken());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/.well-known/jwks.json")
    public Map<String, Object> jwks() {
        return accessTokens.jwks();
    }
}
