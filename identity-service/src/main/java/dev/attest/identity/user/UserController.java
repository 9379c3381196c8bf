package dev.attest.identity.user;

import dev.attest.kit.eventstore.Causation;
import dev.attest.contracts.Permission;
import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
public class UserController {

    /** Names: letters, marks, spaces, apostrophes, dots and hyphens; no control characters. */
    static final String NAME = "^[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]*$";

    public record NewUser(@NotBlank @Email @Size(max = 254) String email,
                          @NotBlank @Size(max = 100) @Pattern(regexp = NAME) String firstName,
                          @NotBlank @Size(max = 100) @Pattern(regexp = NAME) String lastName,
                          @Pattern(regexp = "de|en") String locale,
                          @Size(max = 20) List<@NotBlank @Size(max = 64) String> groupIds) {
    }

    public record UserPage(List<UserProfile> items, int page, int size) {
    }

    private final CommandGateway commands;
    private final MongoTemplate mongo;
    private final AccessFacts access;

    public UserController(CommandGateway commands, MongoTemplate mongo, AccessFacts access) {
        this.commands = commands;
        this.mongo = mongo;
        this.access = access;
    }

    @GetMapping("/api/v1/me")
    public UserProfile me(Caller caller) {
        return find(caller.userId());
    }

    @PostMapping("/api/v1/users")
    public ResponseEntity<Map<String, String>> create(Caller caller, @Valid @RequestBody NewUser request) {
        access.require(caller, Permission.USERS_MANAGE);
        String clientId = caller.requireClient();
        List<String> groupIds = request.groupIds() == null ? List.of() : List.copyOf(request.groupIds());
        for (String groupId : groupIds) {
            if (!access.isGroupOf(groupId, clientId)) {
                throw new RuleViolation(RuleViolation.Kind.INVALID, "unknown-group",
                        "There is no group " + groupId + " in the active client.");
            }
        }
        String userId = UUID.randomUUID().toString();
        commands.sendAndWait(Causation.byUser(caller.userId(), new CreateUser(userId, clientId, request.email(),
                request.firstName(), request.lastName(), request.locale() == null ? "en" : request.locale(),
                groupIds)));
        return ResponseEntity.created(URI.create("/api/v1/users/" + userId)).body(Map.of("id", userId));
    }

    @GetMapping("/api/v1/users")
    public UserPage list(Caller caller, @RequestParam(defaultValue = "0") @Min(0) int page,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        access.require(caller, Permission.USERS_READ);
        Query query = Query.query(Criteria.where("mainClientId").is(caller.requireClient()))
                .with(Sort.by("email")).skip((long) page * size).limit(size);
        return new UserPage(mongo.find(query, UserProfile.class), page, size);
    }

    @GetMapping("/api/v1/users/{userId}")
    public UserProfile get(Caller caller, @PathVariable String userId) {
        if (!userId.equals(caller.userId())) {
            access.require(caller, Permission.USERS_READ);
            UserProfile profile = find(userId);
            if (!caller.requireClient().equals(profile.mainClientId())) {
                throw notFound();
            }
            return profile;
        }
        return find(userId);
    }

    private UserProfile find(String userId) {
        UserProfile profile = mongo.findById(userId, UserProfile.class);
        if (profile == null) {
            throw notFound();
        }
        return profile;
    }

    private static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "user-not-found", "There is no such user.");
    }
}
