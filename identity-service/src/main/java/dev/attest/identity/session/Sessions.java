package dev.attest.identity.session;

import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.session.SessionCommands.EndSession;
import dev.attest.identity.session.SessionCommands.RotateRefreshToken;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.identity.session.SessionCommands.StartSession;
import dev.attest.kit.eventstore.NamedAggregates;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Starts, refreshes and ends sessions. A refresh token reads {@code <sessionId>.<secret>}: the id finds the
 * session, the secret proves possession and is only ever stored hashed.
 */
@Component
public class Sessions {

    private final CommandGateway commands;
    private final OneTimeSecrets secrets;
    private final AccessTokens accessTokens;

    public Sessions(CommandGateway commands, OneTimeSecrets secrets, AccessTokens accessTokens) {
        this.commands = commands;
        this.secrets = secrets;
        this.accessTokens = accessTokens;
    }

    public TokenResponse start(SessionFacts facts, SessionOrigin origin) {
        String sessionId = UUID.randomUUID().toString();
        OneTimeSecrets.HandedOutSecret refresh = secrets.handedOutToken();
        commands.sendAndWait(new StartSession(sessionId, facts.userId(), facts.clientId(), facts.membershipKind(),
                facts.operator(), refresh.hash(), origin));
        return TokenResponse.bearer(accessTokens.mint(facts, sessionId), sessionId + "." + refresh.secret().value());
    }

    /** A session of a login: in the user's main client (the operator has none). */
    public TokenResponse startInMainClient(String userId, String mainClientId, boolean operator, SessionOrigin origin) {
        return start(new SessionFacts(userId, mainClientId, mainClientId == null ? null : "MAIN", operator), origin);
    }

    public TokenResponse refresh(String refreshToken) {
        IdentifiedSecret presented = parse(refreshToken);
        OneTimeSecrets.HandedOutSecret next = secrets.handedOutToken();
        SessionFacts facts = NamedAggregates.send(commands,
                new RotateRefreshToken(presented.id(), presented.secret(), next.hash()), Session::invalidRefreshToken);
        if (facts == null) {
            throw Session.invalidRefreshToken();
        }
        return TokenResponse.bearer(accessTokens.mint(facts, presented.id()),
                presented.id() + "." + next.secret().value());
    }

    public void end(String refreshToken) {
        IdentifiedSecret presented = parse(refreshToken);
        NamedAggregates.send(commands, new EndSession(presented.id(), presented.secret()), Session::invalidRefreshToken);
    }

    private static IdentifiedSecret parse(String refreshToken) {
        return IdentifiedSecret.parse(refreshToken).orElseThrow(Session::invalidRefreshToken);
    }
}
