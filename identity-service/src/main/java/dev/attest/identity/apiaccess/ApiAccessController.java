package dev.attest.identity.apiaccess;

import dev.attest.contracts.Permission;
import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.apiaccess.ApiAccessCommands.CreateApiKey;
import dev.attest.identity.apiaccess.ApiAccessCommands.RevokeApiKey;
import dev.attest.identity.apiaccess.ApiAccessCommands.SetApiAccess;
import dev.attest.identity.user.UserDirectory;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.eventstore.NamedAggregates;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The API-access flag (administrators of the user's main client) and the user's API keys. Keys are managed
 * by a person: an API token cannot create more of them.
 */
@RestController
public class ApiAccessController {

    public record ApiAccessSetting(@NotNull Boolean enabled) {
    }

    public record NewApiKey(@NotBlank @Size(max = 100) @Pattern(regexp = "^[^\\p{Cntrl}]*$") String name,
                            Instant expiresAt) {
    }

    /** The one answer that holds the secret: {@code clientId} and {@code clientSecret} for the token endpoint. */
    public record CreatedApiKey(String id, String name, String clientId, String clientSecret, Instant expiresAt) {
        @Override
        public String toString() {
            return "CreatedApiKey[id=" + id + ", clientSecret=[secret]]";
        }
    }

    private final CommandGateway commands;
    private final AccessFacts access;
    private final ApiKeyProjection keys;
    private final UserDirectory directory;

    public ApiAccessController(CommandGateway commands, AccessFacts access, ApiKeyProjection keys,
                               UserDirectory directory) {
        this.directory = directory;
        this.commands = commands;
        this.access = access;
        this.keys = keys;
    }

    @PutMapping("/api/v1/users/{userId}/api-access")
    public Map<String, Boolean> setApiAccess(Caller caller, @PathVariable String userId,
                                             @Valid @RequestBody ApiAccessSetting setting) {
        access.require(caller, Permission.USERS_MANAGE);
        NamedAggregates.send(commands, Causation.byUser(caller.userId(), new SetApiAccess(userId,
                caller.clientId(), setting.enabled())), ApiAccessController::userNotFound);
        return Map.of("enabled", setting.enabled());
    }

    @PostMapping("/api/v1/me/api-keys")
    public ResponseEntity<CreatedApiKey> create(Caller caller, @Valid @RequestBody NewApiKey request) {
        caller.requireInteractive();
        String keyId = UUID.randomUUID().toString();
        ApiAccess.NewKey key = commands.sendAndWait(Causation.byUser(caller.userId(), new CreateApiKey(
                caller.userId(), keyId, request.name().strip(), request.expiresAt())));
        return ResponseEntity.created(URI.create("/api/v1/me/api-keys/" + keyId)).cacheControl(CacheControl.noStore())
                .body(new CreatedApiKey(keyId, request.name().strip(), keyId, key.secret().value(), key.expiresAt()));
    }

    @GetMapping("/api/v1/me/api-keys")
    public Map<String, List<ApiKeyView>> mine(Caller caller) {
        return Map.of("items", keys.keysOf(caller.userId()));
    }

    @DeleteMapping("/api/v1/me/api-keys/{keyId}")
    public ResponseEntity<Void> revokeMine(Caller caller, @PathVariable String keyId) {
        NamedAggregates.send(commands, Causation.byUser(caller.userId(), new RevokeApiKey(caller.userId(), null,
                keyId)), ApiAccess::notFound);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/users/{userId}/api-keys")
    public Map<String, List<ApiKeyView>> ofUser(Caller caller, @PathVariable String userId) {
        requireManagerOf(caller, userId);
        return Map.of("items", keys.keysOf(userId));
    }

    @DeleteMapping("/api/v1/users/{userId}/api-keys/{keyId}")
    public ResponseEntity<Void> revokeOfUser(Caller caller, @PathVariable String userId, @PathVariable String keyId) {
        access.require(caller, Permission.USERS_MANAGE);
        NamedAggregates.send(commands, Causation.byUser(caller.userId(), new RevokeApiKey(userId, caller.clientId(),
                keyId)), ApiAccessController::userNotFound);
        return ResponseEntity.noContent().build();
    }

    private void requireManagerOf(Caller caller, String userId) {
        access.require(caller, Permission.USERS_MANAGE);
        directory.profileInClient(userId, caller.requireClient()).orElseThrow(ApiAccessController::userNotFound);
    }

    private static RuleViolation userNotFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "user-not-found", "There is no such user.");
    }
}
