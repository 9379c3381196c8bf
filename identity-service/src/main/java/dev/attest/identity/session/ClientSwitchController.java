package dev.attest.identity.session;

import dev.attest.identity.access.AccessFacts;
import dev.attest.identity.session.SessionCommands.EndSessionOfUser;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.kit.eventstore.NamedAggregates;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** The clients a user belongs to, and moving the session to another of them without logging in again. */
@RestController
public class ClientSwitchController {

    public record ClientSwitch(@NotBlank @Size(max = 64) String clientId) {
    }

    public record MyClient(String clientId, String name, String kind, boolean active) {
    }

    private final AccessFacts access;
    private final Sessions sessions;
    private final CommandGateway commands;

    public ClientSwitchController(AccessFacts access, Sessions sessions, CommandGateway commands) {
        this.access = access;
        this.sessions = sessions;
        this.commands = commands;
    }

    @GetMapping("/api/v1/me/clients")
    public Map<String, List<MyClient>> myClients(Caller caller) {
        return Map.of("items", access.clientsOf(caller.userId()).stream()
                .map(client -> new MyClient(client.clientId(), client.name(), client.kind(),
                        client.clientId().equals(caller.clientId())))
                .toList());
    }

    /**
     * A new session (token pair) acting in {@code clientId}, which the caller must belong to (404 otherwise,
     * as for a client that does not exist); the session the call came from ends.
     */
    @PostMapping("/api/v1/auth/switch-client")
    public TokenResponse switchClient(Caller caller, @Valid @RequestBody ClientSwitch request, HttpServletRequest http) {
        caller.requireInteractive(); // an API token never leaves the main client
        String kind = access.membershipKind(caller.userId(), request.clientId()).orElseThrow(() -> new RuleViolation(
                RuleViolation.Kind.NOT_FOUND, "client-not-found", "There is no such client."));
        TokenResponse tokens = sessions.start(new SessionFacts(caller.userId(), request.clientId(), kind, false),
                SessionOrigin.of(http));
        if (caller.sessionId() != null) {
            NamedAggregates.send(commands, new EndSessionOfUser(caller.sessionId(), caller.userId(), "CLIENT_SWITCHED"),
                    Session::notFound);
        }
        return tokens;
    }
}
