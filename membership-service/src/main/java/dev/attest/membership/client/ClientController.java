package dev.attest.membership.client;

import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import dev.attest.membership.client.ClientCommands.Administrator;
import dev.attest.membership.client.ClientCommands.CreateClient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

@RestController
public class ClientController {

    /** Printable text without control characters. */
    static final String TEXT = "^[^\\p{Cntrl}]*$";
    static final String NAME = "^[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]*$";

    public record NewAdministrator(@NotBlank @Email @Size(max = 254) String email,
                                   @NotBlank @Size(max = 100) @Pattern(regexp = NAME) String firstName,
                                   @NotBlank @Size(max = 100) @Pattern(regexp = NAME) String lastName,
                                   @Pattern(regexp = "de|en") String locale) {
    }

    public record NewClient(@NotBlank @Size(max = 100) @Pattern(regexp = TEXT) String name,
                            @NotNull @Valid NewAdministrator admin) {
    }

    private final CommandGateway commands;
    private final MongoTemplate mongo;

    public ClientController(CommandGateway commands, MongoTemplate mongo) {
        this.commands = commands;
        this.mongo = mongo;
    }

    /** The operator creates a client with its first administrator. */
    @PostMapping("/api/v1/clients")
    public ResponseEntity<Map<String, String>> create(Caller caller, @Valid @RequestBody NewClient request) {
        caller.requireOperator();
        String clientId = UUID.randomUUID().toString();
        String administratorGroupId = UUID.randomUUID().toString();
        NewAdministrator admin = request.admin();
        commands.sendAndWait(Causation.byUser(caller.userId(), new CreateClient(clientId, request.name(),
                administratorGroupId, new Administrator(admin.email(), admin.firstName().strip(),
                admin.lastName().strip(), admin.locale() == null ? "en" : admin.locale()))));
        return ResponseEntity.created(URI.create("/api/v1/clients/" + clientId))
                .body(Map.of("id", clientId, "administratorGroupId", administratorGroupId));
    }

    /** The operator sees every client; a user sees the client it is acting in. */
    @GetMapping("/api/v1/clients/{clientId}")
    public ClientView get(Caller caller, @PathVariable String clientId) {
        if (!caller.operator()) {
            caller.requireActiveClient(clientId);
        }
        ClientView client = mongo.findById(clientId, ClientView.class);
        if (client == null) {
            throw notFound();
        }
        return client;
    }

    private static RuleViolation notFound() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "client-not-found", "There is no such client.");
    }
}
