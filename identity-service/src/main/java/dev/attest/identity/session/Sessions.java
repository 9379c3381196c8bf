package dev.attest.identity.session;

import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.session.SessionCommands.EndSession;
import dev.attest.identity.session.SessionCommands.RotateRefreshToken;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.identity.session.SessionCommands.StartSession;
import dev.attest.kit.web.RuleViolation;
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

    public TokenResponse start(SessionFacts facts) {
        String sessionId = UUID.randomUUID().toString();
        OneTimeSecrets.HandedOutSecret refresh = secrets.handedOutToken();
        commands.sendAndWait(new StartSession(sessionId, facts.userId(), facts.clientId(), facts.membershipKind(),
                facts.operator(), refresh.hash()));
        return TokenResponse.bearer(accessTokens.mint(facts), sessionId + "." + refresh.secret().value());
    }

    public TokenResponse refresh(String refreshToken) {
        RefreshToken presented = RefreshToken.parse(refreshToken);
        OneTimeSecrets.HandedOutSecret next = secrets.handedOutToken();
        SessionFacts facts = commands.sendAndWait(
                new RotateRefreshToken(presented.sessionId(), presented.secret(), next.hash()));
        if (facts == null) {
            throw RefreshToken.invalid();
        }
        return TokenResponse.bearer(accessTokens.mint(facts), presented.sessionId() + "." + next.secret().value());
    }

    public void end(String refreshToken) {
        RefreshToken presented = RefreshToken.parse(refreshToken);
        commands.sendAndWait(new EndSession(presented.sessionId(), presented.secret()));
    }

    private record RefreshToken(String sessionId, Secret secret) {

        static RefreshToken parse(String token) {
            int dot = token == null ? -1 : token.indexOf('.');
            if (dot < 0) {
                throw invalid();
            }
            try {
                return new RefreshToken(UUID.fromString(token.substring(0, dot)).toString(),
                        new Secret(token.substring(dot + 1)));
            } catch (IllegalArgumentException notAUuid) {
                throw invalid();
            }
        }

        static RuleViolation invalid() {
            return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "invalid-refresh-token",
                    "The refresh token is invalid, expired or was revoked; log in again.");
        }
    }
}
