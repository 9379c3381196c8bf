package dev.attest.identity.externalsignin;

import dev.attest.identity.credentials.Credentials;
import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.login.LoginController.SecondFactorRequired;
import dev.attest.identity.session.SessionOrigin;
import dev.attest.identity.session.Sessions;
import dev.attest.identity.user.UserCommands.ExchangeExternalSignInCode;
import dev.attest.identity.user.UserCommands.LoginOutcome;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.kit.eventstore.NamedAggregates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** The browser's way through an external provider, and the frontend's exchange of the code it brings back. */
@RestController
public class ExternalSignInController {

    public record CodeExchange(@NotBlank @Size(max = 200) String code) {
        @Override
        public String toString() {
            return "CodeExchange[code=[secret]]";
        }
    }

    private final ExternalSignIn signIn;
    private final CommandGateway commands;
    private final Sessions sessions;

    public ExternalSignInController(ExternalSignIn signIn, CommandGateway commands, Sessions sessions) {
        this.signIn = signIn;
        this.commands = commands;
        this.sessions = sessions;
    }

    @GetMapping("/api/v1/auth/oauth2/{provider}")
    public ResponseEntity<Void> start(@PathVariable String provider,
                                      @RequestParam("redirect_uri") @Size(max = 2000) String redirectUri) {
        return redirect(signIn.start(provider, redirectUri));
    }

    @GetMapping("/api/v1/auth/oauth2/{provider}/callback")
    public ResponseEntity<Void> callback(@PathVariable String provider,
                                         @RequestParam(required = false) @Size(max = 2000) String code,
                                         @RequestParam(required = false) @Size(max = 200) String state,
                                         @RequestParam(required = false) @Size(max = 200) String error) {
        return redirect(signIn.callback(provider, code, state, error));
    }

    /** Tokens for the one-time code, or Attest's own second factor first when the client requires one. */
    @PostMapping("/api/v1/auth/oauth2/exchange")
    public Object exchange(@Valid @RequestBody CodeExchange request, HttpServletRequest http) {
        IdentifiedSecret presented = IdentifiedSecret.parse(request.code())
                .orElseThrow(Credentials::invalidExternalSignInCode);
        String challengeId = IdentifiedSecret.newFor(presented.id());
        LoginStep step = NamedAggregates.send(commands, new ExchangeExternalSignInCode(presented.id(),
                presented.secret(), challengeId), Credentials::invalidExternalSignInCode);
        if (step.outcome() == LoginOutcome.SECOND_FACTOR_REQUIRED) {
            return new SecondFactorRequired("SECOND_FACTOR_REQUIRED", challengeId, step.method());
        }
        return sessions.startInMainClient(presented.id(), step.mainClientId(), step.operator(), SessionOrigin.of(http));
    }

    private static ResponseEntity<Void> redirect(URI location) {
        return ResponseEntity.status(302).location(location).build();
    }
}
