package dev.attest.identity.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

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

    public SessionController(Sessions sessions, AccessTokens accessTokens) {
        this.sessions = sessions;
        this.accessTokens = accessTokens;
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
