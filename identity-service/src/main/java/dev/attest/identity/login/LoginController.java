package dev.attest.identity.login;

import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.credentials.PasswordHasher;
import dev.attest.identity.session.SessionCommands.SessionFacts;
import dev.attest.identity.session.Sessions;
import dev.attest.identity.session.TokenResponse;
import dev.attest.identity.user.EmailRegistry;
import dev.attest.identity.user.FailureStreak;
import dev.attest.identity.user.UserCommands.LogIn;
import dev.attest.identity.user.UserCommands.LoginStep;
import dev.attest.identity.user.UserCommands.SecondFactorResult;
import dev.attest.identity.user.UserCommands.VerifySecondFactor;
import dev.attest.kit.eventstore.NamedAggregates;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Password first, then the second factor. An unknown e-mail and a wrong password get the same answer
 * after the same time (a decoy hash, then {@link LoginTiming}), and are throttled by the same rule
 * ({@link FailureStreak}), so the login does not reveal who has an account.
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

    public record SecondFactorRequest(@NotBlank @Size(max = 200) String challengeId,
                                      @NotBlank @Pattern(regexp = "\\d{6}", message = "must be six digits") String code) {
        @Override
        public String toString() {
            return "SecondFactorRequest[challengeId=" + challengeId + ", code=[secret]]";
        }
    }

    public record SecondFactorRequired(String status, String challengeId, String method) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandGateway commands;
    private final EmailRegistry emails;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final UnknownAddresses unknownAddresses;
    private final LoginTiming timing;

    LoginController(CommandGateway commands, EmailRegistry emails, PasswordHasher hasher, Sessions sessions,
                    UnknownAddresses unknownAddresses, LoginTiming timing) {
        this.commands = commands;
        this.emails = emails;
        this.hasher = hasher;
        this.sessions = sessions;
        this.unknownAddresses = unknownAddresses;
        this.timing = timing;
    }

    @PostMapping("/api/v1/auth/login")
    public SecondFactorRequired logIn(@Valid @RequestBody LoginRequest request) {
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
        String challengeId = userId.get() + "." + randomPart();
        LoginStep step = commands.sendAndWait(new LogIn(userId.get(), password, challengeId));
        return switch (step.outcome()) {
            case SECOND_FACTOR_REQUIRED -> new SecondFactorRequired("SECOND_FACTOR_REQUIRED", challengeId, "EMAIL");
            case THROTTLED -> throw FailureStreak.refusal(step.retryAfter());
            case DISABLED -> throw disabled();
            case PASSWORD_REJECTED -> {
                timing.knownFailureTook(started);
                throw invalidCredentials();
            }
        };
    }

    @PostMapping("/api/v1/auth/login/second-factor")
    public TokenResponse secondFactor(@Valid @RequestBody SecondFactorRequest request) {
        String userId = IdentifiedSecret.parse(request.challengeId()).map(IdentifiedSecret::id)
                .orElseThrow(LoginController::challengeExpired);
        SecondFactorResult result = NamedAggregates.send(commands,
                new VerifySecondFactor(userId, request.challengeId(), new Secret(request.code())),
                LoginController::challengeExpired);
        return switch (result.outcome()) {
            case PASSED -> sessions.start(new SessionFacts(userId, result.mainClientId(),
                    result.mainClientId() == null ? null : "MAIN", result.operator()));
            case WRONG_CODE -> throw new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "wrong-code",
                    "The code is wrong; try again.");
            case THROTTLED -> throw FailureStreak.refusal(result.retryAfter());
            case DISABLED -> throw disabled();
            case EXHAUSTED, UNKNOWN_OR_EXPIRED -> throw challengeExpired();
        };
    }

    private static RuleViolation disabled() {
        return new RuleViolation(RuleViolation.Kind.FORBIDDEN, "user-disabled",
                "This account is disabled; an administrator of your client can enable it.");
    }

    private static RuleViolation challengeExpired() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "challenge-expired",
                "This login has expired or had too many wrong codes; log in again.");
    }

    private static RuleViolation invalidCredentials() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "invalid-credentials",
                "E-mail address or password is wrong.");
    }

    private static String randomPart() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
