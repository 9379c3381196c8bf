package dev.attest.identity.user;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.attest.contracts.Permission;
import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.clientpolicy.ClientPolicies;
import dev.attest.identity.externalsignin.ExternalProviders;
import dev.attest.identity.user.UserCommands.ChangePersonalData;
import dev.attest.identity.user.UserCommands.CreateUser;
import dev.attest.identity.user.UserCommands.DisableUser;
import dev.attest.identity.user.UserCommands.EnableUser;
import dev.attest.kit.eventstore.Causation;
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
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Users of the active client, and the caller's own profile. Reads come from {@link UserDirectory}; a
 * profile carries its version as {@code ETag}, and a change sent with {@code If-Match} applies only to
 * that version.
 */
@RestController
public class UserController {

    public record NewUser(@NotBlank @Email @Size(max = 254) String email,
                          @NotBlank @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String firstName,
                          @NotBlank @Size(max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String lastName,
                          @Pattern(regexp = "de|en") String locale,
                          @Size(max = 20) List<@NotBlank @Size(max = 64) String> groupIds,
                          @Valid SignIn signIn) {
        public NewUser {
            firstName = Names.normalize(firstName);
            lastName = Names.normalize(lastName);
        }
    }

    /** A user who signs in with an external provider instead of a password (for good). */
    public record SignIn(@NotBlank @Size(max = 100) String provider) {
    }

    /**
     * What a profile change may name; anything else ({@code others}) is refused. {@code email} is named
     * only to answer it with a clear refusal: an address changes only through its user's confirmed change.
     */
    public record PersonalData(@Size(min = 1, max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String firstName,
                               @Size(min = 1, max = Names.MAX_LENGTH) @Pattern(regexp = Names.PATTERN) String lastName,
                               @Pattern(regexp = "de|en") String locale,
                               String email,
                               @JsonAnySetter Map<String, Object> others) {
        public PersonalData {
            firstName = Names.normalize(firstName);
            lastName = Names.normalize(lastName);
            others = others == null ? Map.of() : others;
        }
    }

    public record UserPage(List<UserProfile> items, int page, int size) {
    }

    private final CommandGateway commands;
    private final UserDirectory directory;
    private final AccessFacts access;
    private final ExternalProviders providers;
    private final ClientPolicies policies;

    public UserController(CommandGateway commands, UserDirectory directory, AccessFacts access,
                          ExternalProviders providers, ClientPolicies policies) {
        this.commands = commands;
        this.directory = directory;
        this.access = access;
        this.providers = providers;
        this.policies = policies;
    }

    @GetMapping("/api/v1/me")
    public ResponseEntity<UserProfile> me(Caller caller) {
        return withVersion(directory.profile(caller.userId()).orElseThrow(UserController::notFound));
    }

    @PatchMapping("/api/v1/me")
    public ResponseEntity<Void> changeMine(Caller caller, @Valid @RequestBody PersonalData change,
                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return change(caller, caller.userId(), change, ifMatch);
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
        String provider = request.signIn() == null ? null : request.signIn().provider();
        if (provider != null && !providers.isConfigured(provider)) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "invalid-request",
                    "There is no sign-in provider " + provider + ".");
        }
        if (provider != null && !policies.allowsProvider(clientId, provider)) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "provider-not-allowed",
                    "The client does not let its users sign in with " + provider + " (its policy's allowedProviders).");
        }
        String userId = UUID.randomUUID().toString();
        commands.sendAndWait(Causation.byUser(caller.userId(), new CreateUser(userId, clientId, request.email(),
                request.firstName(), request.lastName(), request.locale() == null ? "en" : request.locale(),
                groupIds, provider)));
        return ResponseEntity.created(URI.create("/api/v1/users/" + userId)).body(Map.of("id", userId));
    }

    @GetMapping("/api/v1/users")
    public UserPage list(Caller caller, @RequestParam(required = false) @Size(max = 254) String q,
                         @RequestParam(defaultValue = "0") @Min(0) int page,
                         @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        access.require(caller, Permission.USERS_READ);
        return new UserPage(directory.usersOf(caller.requireClient(), q, page, size), page, size);
    }

    @GetMapping("/api/v1/users/{userId}")
    public ResponseEntity<UserProfile> get(Caller caller, @PathVariable String userId) {
        if (userId.equals(caller.userId())) {
            return me(caller);
        }
        access.require(caller, Permission.USERS_READ);
        return withVersion(directory.profileInClient(userId, caller.requireClient())
                .orElseThrow(UserController::notFound));
    }

    @PatchMapping("/api/v1/users/{userId}")
    public ResponseEntity<Void> changeOther(Caller caller, @PathVariable String userId,
                                            @Valid @RequestBody PersonalData change,
                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        if (!userId.equals(caller.userId())) {
            requireManagerOf(caller, userId);
        }
        return change(caller, userId, change, ifMatch);
    }

    /** Logins, refreshes and access tokens of the user stop working; its data stays. */
    @PostMapping("/api/v1/users/{userId}/disable")
    public ResponseEntity<Void> disable(Caller caller, @PathVariable String userId) {
        requireManagerOf(caller, userId);
        commands.sendAndWait(Causation.byUser(caller.userId(), new DisableUser(userId, caller.userId())));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/users/{userId}/enable")
    public ResponseEntity<Void> enable(Caller caller, @PathVariable String userId) {
        requireManagerOf(caller, userId);
        commands.sendAndWait(Causation.byUser(caller.userId(), new EnableUser(userId)));
        return ResponseEntity.noContent().build();
    }

    /** USERS_MANAGE in the active client, which is the user's main client; else the user is not found. */
    private void requireManagerOf(Caller caller, String userId) {
        access.require(caller, Permission.USERS_MANAGE);
        directory.profileInClient(userId, caller.requireClient()).orElseThrow(UserController::notFound);
    }

    private ResponseEntity<Void> change(Caller caller, String userId, PersonalData change, String ifMatch) {
        if (!change.others().isEmpty()) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "bad-request",
                    "Only firstName, lastName and locale can be changed here, not " + new TreeSet<>(change.others().keySet())
                            + ".");
        }
        if (change.email() != null) {
            throw new RuleViolation(RuleViolation.Kind.FORBIDDEN, "email-not-editable",
                    "An e-mail address is changed only by its user, confirmed at the current address: "
                            + "POST /api/v1/me/email-change.");
        }
        long version = commands.sendAndWait(Causation.byUser(caller.userId(), new ChangePersonalData(userId,
                change.firstName(), change.lastName(), change.locale(), expectedVersion(ifMatch))));
        return ResponseEntity.noContent().eTag(Long.toString(version)).build();
    }

    /** {@code "7"} (or {@code W/"7"}) is version 7; {@code *} is any; anything else matches no version. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip().replaceFirst("^W/", "");
        if (tag.length() < 3 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
            return -1L;
        }
        try {
            return Long.parseLong(tag.substring(1, tag.length() - 1));
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    private static ResponseEntity<UserProfile> withVersion(UserProfile profile) {
        return ResponseEntity.ok().eTag(Long.toString(profile.version())).body(profile);
    }

    private static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "user-not-found", "There is no such user.");
    }
}
