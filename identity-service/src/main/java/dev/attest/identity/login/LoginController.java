package dev.attest.identity.login;

import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.credentials.PasswordHasher;
import dev.attest.identity.credentials.PasswordPrechecks;
import dev.attest.identity.session.SessionOrigin;
import dev.attest.identity.session.Sessions;
import dev.attest.identity.session.TokenResponse;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.FailureStreak;
import dev.attest.identity.user.User;
import dev.attest.identity.secondfactor.ChallengeAnswer;
import dev.attest.identity.secondfactor.QrCodes;
import dev.attest.identity.secondfactor.SecondFactor;
import dev.attest.identity.secondfactor.SetupCode;
import dev.attest.identity.user.UserCommands.ConfirmTotpAtLogin;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginSetupCompleted;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.kit.eventstore.NamedAggregates;
import dev.attest.kit.web.RuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Password first, then the second factor. An unknown e-mail and a wrong password get the same answer
 * after the same time (a decoy hash, then {@link LoginTiming}), and are throttled by the same rule
 * ({@link FailureStreak}), so the login does not reveal who has an account. The password is checked
 * before the user's lock is taken where {@link PasswordPrechecks} can, so one user's logins run side by
 * side. A client that requires an authenticator app the user lacks has it set up between the second factor
 * and the tokens.
 */
@RestController
public class LoginController {

    /** Request bodies that hold secrets print without them, whoever logs them. */
    public record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "LoginRequest[email=" + email + ", password=[secret]]";
        }
    }

    public record SecondFactorRequired(String status, String challengeId, String method) {
    }

    /** The client requires an authenticator app: set it up from this, then confirm with its first code. */
    public record SetupRequired(String status, String missing, String setupId, String secret, String otpauthUri,
                                String qrCode, Instant expiresAt) {
        @Override
        public String toString() {
            return "SetupRequired[setupId=" + setupId + ", secret=[secret]]";
        }
    }

    /** Tokens, and the recovery codes of the app just set up: shown this once. */
    public record LoginCompleted(String accessToken, String refreshToken, long expiresIn, String tokenType,
                                 List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "LoginCompleted[tokens=[secret], recoveryCodes=[secret]]";
        }
    }

    private final CommandGateway commands;
    private final EmailRegistry emails;
    private final PasswordHasher hasher;
    private final PasswordPrechecks prechecks;
    private final Sessions sessions;
    private final UnknownAddresses unknownAddresses;
    private final LoginTiming timing;

    LoginController(CommandGateway commands, EmailRegistry emails, PasswordHasher hasher, PasswordPrechecks prechecks,
                    Sessions sessions, UnknownAddresses unknownAddresses, LoginTiming timing) {
        this.commands = commands;
        this.emails = emails;
        this.hasher = hasher;
        this.prechecks = prechecks;
        this.sessions = sessions;
        this.unknownAddresses = unknownAddresses;
        this.timing = timing;
    }

    /** Answers the challenge that went out, or tokens when no second factor applies. */
    @PostMapping("/api/v1/auth/login")
    public Object logIn(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        long started = System.nanoTime();
        Secret password = new Secret(request.password());
        Optional<String> userId = emails.userIdOf(request.email());
        if (userId.isEmpty()) {
            Duration wait = unknownAddresses.attempt(request.email());
            if (!wait.isZero()) {
                throw FailureStreak.refusal(wait);
            }
            hasher.matches(password, null);
            timing.holdUnknownUntilTypical(started);
            throw invalidCredentials();
        }
        String challengeId = IdentifiedSecret.newFor(userId.get());
        LoginStep step = commands.sendAndWait(new LogIn(userId.get(), password, challengeId,
                prechecks.ahead(userId.get(), password)));
        return switch (step.outcome()) {
            case SECOND_FACTOR_REQUIRED -> new SecondFactorRequired("SECOND_FACTOR_REQUIRED", challengeId, step.method());
            case AUTHENTICATED -> startSession(userId.get(), step.mainClientId(), step.operator(), http);
            case THROTTLED -> throw FailureStreak.refusal(step.retryAfter());
            case DISABLED -> throw User.disabledRefusal();
            case PASSWORD_REJECTED -> {
                timing.knownFailureTook(started);
                throw invalidCredentials();
            }
        };
    }

    /** Answers tokens, or what the client requires to be set up before them. */
    @PostMapping("/api/v1/auth/login/second-factor")
    public Object secondFactor(@Valid @RequestBody ChallengeAnswer request, HttpServletRequest http) {
        request.requireOneAnswer();
        String userId = IdentifiedSecret.parse(request.challengeId()).map(IdentifiedSecret::id)
                .orElseThrow(LoginController::challengeExpired);
        SecondFactorResult result = NamedAggregates.send(commands,
                new VerifySecondFactor(userId, request.challengeId(), request.codeSecret(),
                        request.recoveryCodeSecret(), IdentifiedSecret.newFor(userId)),
                LoginController::challengeExpired);
        return switch (result.outcome()) {
            case PASSED -> startSession(userId, result.mainClientId(), result.operator(), http);
            case SETUP_REQUIRED -> new SetupRequired("SETUP_REQUIRED", "AUTHENTICATOR_APP", result.setup().setupId(),
                    result.setup().secret(), result.setup().otpauthUri(), QrCodes.pngDataUrl(result.setup().otpauthUri()),
                    result.setup().expiresAt());
            case WRONG_CODE -> throw SecondFactor.wrongCode();
            case THROTTLED -> throw FailureStreak.refusal(result.retryAfter());
            case DISABLED -> throw User.disabledRefusal();
            case EXHAUSTED, UNKNOWN_OR_EXPIRED -> throw challengeExpired();
        };
    }

    /** The app's first code finishes the set-up the client required, and the login. */
    @PostMapping("/api/v1/auth/login/totp/confirm")
    public LoginCompleted confirmTotp(@Valid @RequestBody SetupCode request, HttpServletRequest http) {
        String userId = IdentifiedSecret.parse(request.setupId()).map(IdentifiedSecret::id)
                .orElseThrow(SecondFactor::setupExpired);
        LoginSetupCompleted completed = NamedAggregates.send(commands,
                new ConfirmTotpAtLogin(userId, request.setupId(), new Secret(request.code())), SecondFactor::setupExpired);
        TokenResponse tokens = startSession(userId, completed.mainClientId(), completed.operator(), http);
        return new LoginCompleted(tokens.accessToken(), tokens.refreshToken(), tokens.expiresIn(), tokens.tokenType(),
                completed.recoveryCodes().codes());
    }

    private TokenResponse startSession(String userId, String mainClientId, boolean operator, HttpServletRequest http) {
        return sessions.startInMainClient(userId, mainClientId, operator, SessionOrigin.of(http));
    }

    private static RuleViolation challengeExpired() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "challenge-expired",
                "This login has expired or had too many wrong codes; log in again.");
    }

    private static RuleViolation invalidCredentials() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "invalid-credentials",
                "E-mail address or password is wrong.");
    }

}
