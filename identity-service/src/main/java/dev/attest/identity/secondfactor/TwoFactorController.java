package dev.attest.identity.secondfactor;

import dev.attest.identity.clientpolicy.ClientPolicies;
import dev.attest.identity.crypto.IdentifiedSecret;
import dev.attest.identity.crypto.OneTimeSecrets.RecoveryCodes;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.secondfactor.SecondFactorCommands.CompleteReauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.ConfirmTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.Reauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.ReauthenticationResult;
import dev.attest.identity.secondfactor.SecondFactorCommands.ReauthenticationStep;
import dev.attest.identity.secondfactor.SecondFactorCommands.RemoveTotp;
import dev.attest.identity.secondfactor.SecondFactorCommands.RenewRecoveryCodes;
import dev.attest.identity.secondfactor.SecondFactorCommands.ShowTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.StartReauthentication;
import dev.attest.identity.secondfactor.SecondFactorCommands.StartTotpSetup;
import dev.attest.identity.secondfactor.SecondFactorCommands.SwitchTwoFactor;
import dev.attest.identity.user.FailureStreak;
import dev.attest.identity.user.UserDirectory;
import dev.attest.identity.user.UserProfile;
import dev.attest.kit.eventstore.Causation;
import dev.attest.kit.security.Caller;
import dev.attest.kit.web.RuleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * The caller's own second factor. What weakens or replaces it needs a re-authentication: the password and
 * a fresh code ({@code /api/v1/me/reauthentication}) give a token for the {@value #REAUTHENTICATION} header.
 */
@RestController
public class TwoFactorController {

    static final String REAUTHENTICATION = "Reauthentication";

    public record TwoFactorSwitch(@NotNull Boolean enabled) {
    }

    public record PasswordProof(@NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "PasswordProof[password=[secret]]";
        }
    }

    public record ReauthenticationChallenge(String challengeId, String method, Instant expiresAt) {
    }

    public record ReauthenticationToken(String reauthenticationToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "ReauthenticationToken[[secret], expiresAt=" + expiresAt + "]";
        }
    }

    public record TotpSetup(String setupId, String secret, String otpauthUri, String qrCode, Instant expiresAt) {
        @Override
        public String toString() {
            return "TotpSetup[setupId=" + setupId + ", secret=[secret]]";
        }
    }

    /** Shown this once; only their hashes are kept. */
    public record NewRecoveryCodes(List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "NewRecoveryCodes[" + recoveryCodes.size() + " codes]";
        }
    }

    private final CommandGateway commands;
    private final UserDirectory users;
    private final ClientPolicies policies;

    public TwoFactorController(CommandGateway commands, UserDirectory users, ClientPolicies policies) {
        this.commands = commands;
        this.users = users;
        this.policies = policies;
    }

    @GetMapping("/api/v1/me/two-factor")
    public TwoFactorSettings settings(Caller caller) {
        UserProfile profile = users.profile(caller.userId()).orElseThrow(() -> new RuleViolation(
                RuleViolation.Kind.NOT_FOUND, "user-not-found", "There is no such user."));
        return TwoFactorSettings.of(!profile.secondFactorSwitchedOff(), profile.secondFactorMethod(),
                profile.recoveryCodesLeft(), policies.of(profile.mainClientId()));
    }

    /** On needs nothing more; off needs a re-authentication, and is refused while the client requires it. */
    @PutMapping("/api/v1/me/two-factor")
    public TwoFactorSettings switchTwoFactor(Caller caller, @Valid @RequestBody TwoFactorSwitch request,
                                             @RequestHeader(name = REAUTHENTICATION, required = false) String token) {
        return send(caller, new SwitchTwoFactor(caller.userId(), request.enabled(), proof(caller, token)));
    }

    /** The password again; a code goes out (or the app is asked for one). */
    @PostMapping("/api/v1/me/reauthentication")
    public ReauthenticationChallenge startReauthentication(Caller caller, @Valid @RequestBody PasswordProof request) {
        String challengeId = IdentifiedSecret.newFor(caller.userId());
        ReauthenticationStep step = send(caller,
                new StartReauthentication(caller.userId(), new Secret(request.password()), challengeId));
        return switch (step.outcome()) {
            case CHALLENGED -> new ReauthenticationChallenge(challengeId, step.method(), step.expiresAt());
            case WRONG_PASSWORD -> throw new RuleViolation(RuleViolation.Kind.FORBIDDEN,
                    "wrong-current-password", "The current password is wrong.");
        };
    }

    @PostMapping("/api/v1/me/reauthentication/confirm")
    public ReauthenticationToken confirmReauthentication(Caller caller, @Valid @RequestBody ChallengeAnswer request) {
        request.requireOneAnswer();
        ReauthenticationResult result = send(caller, new CompleteReauthentication(caller.userId(), request.challengeId(),
                request.codeSecret(), request.recoveryCodeSecret(), caller.sessionId()));
        return switch (result.outcome()) {
            case PASSED -> new ReauthenticationToken(result.token().value(), result.expiresAt());
            case WRONG_CODE -> throw SecondFactor.wrongCode();
            case THROTTLED -> throw FailureStreak.refusal(result.retryAfter());
            default -> throw new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "challenge-expired",
                    "This re-authentication has expired or had too many wrong codes; start again.");
        };
    }

    @PostMapping("/api/v1/me/two-factor/totp")
    public TotpSetup startTotpSetup(Caller caller,
                                    @RequestHeader(name = REAUTHENTICATION, required = false) String token) {
        SecondFactor.StartedSetup setup = send(caller, new StartTotpSetup(caller.userId(),
                IdentifiedSecret.newFor(caller.userId()), proof(caller, token)));
        return new TotpSetup(setup.setupId(), setup.secret(), setup.otpauthUri(), QrCodes.pngDataUrl(setup.otpauthUri()),
                setup.expiresAt());
    }

    /** The open set-up's QR code as an image; never cached, it holds the secret. */
    @GetMapping(value = "/api/v1/me/two-factor/totp/qr", produces = MediaType.IMAGE_PNG_VALUE)
    public ResponseEntity<byte[]> qrCode(Caller caller) {
        String uri = send(caller, new ShowTotpSetup(caller.userId()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.IMAGE_PNG)
                .body(QrCodes.png(uri));
    }

    @PostMapping("/api/v1/me/two-factor/totp/confirm")
    public NewRecoveryCodes confirmTotpSetup(Caller caller, @Valid @RequestBody SetupCode request) {
        RecoveryCodes codes = send(caller, new ConfirmTotpSetup(caller.userId(), request.setupId(),
                new Secret(request.code())));
        return new NewRecoveryCodes(codes.codes());
    }

    @DeleteMapping("/api/v1/me/two-factor/totp")
    public TwoFactorSettings removeTotp(Caller caller,
                                        @RequestHeader(name = REAUTHENTICATION, required = false) String token) {
        return send(caller, new RemoveTotp(caller.userId(), proof(caller, token)));
    }

    @PostMapping("/api/v1/me/two-factor/recovery-codes")
    public NewRecoveryCodes renewRecoveryCodes(Caller caller,
                                               @RequestHeader(name = REAUTHENTICATION, required = false) String token) {
        RecoveryCodes codes = send(caller, new RenewRecoveryCodes(caller.userId(), proof(caller, token)));
        return new NewRecoveryCodes(codes.codes());
    }

    private <R> R send(Caller caller, Object command) {
        return commands.sendAndWait(Causation.byUser(caller.userId(), command));
    }

    private static Reauthentication proof(Caller caller, String token) {
        return new Reauthentication(token == null || token.isBlank() || token.length() > 200 ? null : new Secret(token),
                caller.sessionId());
    }


}
