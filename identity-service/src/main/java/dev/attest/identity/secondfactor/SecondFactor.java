package dev.attest.identity.secondfactor;

import dev.attest.identity.clientpolicy.TwoFactorPolicy;
import dev.attest.identity.crypto.OneTimeSecrets;
import dev.attest.identity.crypto.OneTimeSecrets.RecoveryCodes;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.crypto.SecretBox;
import dev.attest.identity.secondfactor.SecondFactorEvents.ReauthenticationGranted;
import dev.attest.identity.secondfactor.SecondFactorEvents.RecoveryCodeUsed;
import dev.attest.identity.secondfactor.SecondFactorEvents.RecoveryCodesRenewed;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorChallengeIssued;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorCodeRejected;
import dev.attest.identity.secondfactor.SecondFactorEvents.SecondFactorPassed;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpConfigured;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpRemoved;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpSecretResealed;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpSetupStarted;
import dev.attest.identity.secondfactor.SecondFactorEvents.TwoFactorSwitched;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.web.RuleViolation;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The second step of a login and of a re-authentication: whether it is on, its method (an e-mailed code,
 * or an authenticator app with recovery codes), the challenges open right now, and the re-authentication
 * a security change needs.
 */
public class SecondFactor {

    public static final String EMAIL = "EMAIL";
    public static final String TOTP = "TOTP";
    public static final String RECOVERY_CODE = "RECOVERY_CODE";
    public static final String LOGIN = "LOGIN";
    public static final String REAUTHENTICATION = "REAUTHENTICATION";
    /** A login through an external provider that the client makes pass Attest's own second factor too. */
    public static final String EXTERNAL_LOGIN = "EXTERNAL_LOGIN";
    static final Duration CODE_VALIDITY = Duration.ofMinutes(10);
    static final int CODE_ATTEMPTS = 5;
    static final Duration SETUP_VALIDITY = Duration.ofMinutes(15);
    static final Duration REAUTHENTICATION_VALIDITY = Duration.ofMinutes(5);
    static final int RECOVERY_CODE_COUNT = 10;

    public enum Outcome { PASSED, WRONG_CODE, EXHAUSTED, UNKNOWN_OR_EXPIRED }

    /** A challenge that went out: the method it expects, and until when. */
    public record Challenge(String method, Instant expiresAt) {
    }

    /** A re-authentication's token (the caller's to keep; only its hash is stored) and until when it works. */
    public record Reauthenticated(Secret token, Instant expiresAt) {
    }

    /** A set-up waiting for the app's first code; the secret as plaintext exists only in this answer. */
    public record StartedSetup(String setupId, String secret, String otpauthUri, Instant expiresAt) {
        @Override
        public String toString() {
            return "StartedSetup[setupId=" + setupId + ", secret=[secret], expiresAt=" + expiresAt + "]";
        }
    }

    private String userId;
    private String mainClientId;
    private boolean enabled = true;
    private String method = EMAIL;
    private SecretBox.Sealed totpSecret;
    private long lastTotpStep = Totp.NONE_ACCEPTED;
    private List<String> recoveryCodeHashes = new ArrayList<>();
    private PendingSetup setup;
    private Map<String, OpenChallenge> challenges = new HashMap<>();
    private Grant reauthentication;

    record OpenChallenge(String id, String method, String codeHash, Instant expiresAt, int attemptsLeft) {
    }

    record PendingSetup(String id, SecretBox.Sealed secret, Instant expiresAt, boolean duringLogin) {
    }

    record Grant(String tokenHash, String sessionId, Instant expiresAt) {
    }

    protected SecondFactor() {
        // for the snapshot serializer
    }

    public SecondFactor(String userId, String mainClientId) {
        this.userId = userId;
        this.mainClientId = mainClientId;
    }

    /** On by the user's choice, or because the client requires it. */
    public boolean enabled(TwoFactorPolicy policy) {
        return enabled || policy.requireTwoFactor();
    }

    public String method() {
        return method;
    }

    public int recoveryCodesLeft() {
        return recoveryCodeHashes.size();
    }

    public TwoFactorSettings settings(TwoFactorPolicy policy) {
        return TwoFactorSettings.of(enabled, method, recoveryCodeHashes.size(), policy);
    }

    /** Which kind of login {@code challengeId} belongs to: an external one if that is open under it. */
    public String loginPurposeOf(String challengeId) {
        OpenChallenge external = challenges.get(EXTERNAL_LOGIN);
        return external != null && external.id().equals(challengeId) ? EXTERNAL_LOGIN : LOGIN;
    }

    /** Whether the client asks for a method this user lacks. */
    public boolean lacksRequiredMethod(TwoFactorPolicy policy) {
        return policy.requireAuthenticatorApp() && !TOTP.equals(method);
    }

    /**
     * Opens a challenge for {@code purpose}, replacing an open one of that purpose: with an app nothing is
     * sent; otherwise a code goes to {@code email}.
     */
    public Challenge challenge(String challengeId, String purpose, String email, String locale, OneTimeSecrets secrets,
                            PendingSecrets pending, Clock clock) {
        Instant expiresAt = clock.instant().plus(CODE_VALIDITY);
        if (TOTP.equals(method)) {
            apply(new SecondFactorChallengeIssued(userId, mainClientId, challengeId, email, locale, null, null, expiresAt,
                    TOTP, purpose));
        } else {
            OneTimeSecrets.MailedSecret code = secrets.mailedCode();
            apply(new SecondFactorChallengeIssued(userId, mainClientId, challengeId, email, locale, code.hash(),
                    pending.hold(code.encrypted(), expiresAt), expiresAt, EMAIL, purpose));
        }
        return new Challenge(method, expiresAt);
    }

    /** The answer to a challenge: a code (mailed or from the app), or a recovery code in place of an app's. */
    public Outcome answer(String challengeId, String purpose, Secret code, Secret recoveryCode, OneTimeSecrets secrets,
                          Totp totp, SecretBox box, Clock clock) {
        return recoveryCode != null ? verifyRecoveryCode(challengeId, purpose, recoveryCode, secrets, clock)
                : verify(challengeId, purpose, code, secrets, totp, box, clock);
    }

    /** Checks a code (mailed or from the app) against the open challenge: single use, five tries, 10 minutes. */
    private Outcome verify(String challengeId, String purpose, Secret code, OneTimeSecrets secrets, Totp totp,
                          SecretBox box, Clock clock) {
        OpenChallenge open = open(challengeId, purpose, clock);
        if (open == null) {
            return Outcome.UNKNOWN_OR_EXPIRED;
        }
        if (TOTP.equals(open.method()) && totpSecret != null) {
            String secret = box.open(totpSecret, userId);
            OptionalLong step = totp.acceptedStep(secret, code.value(), clock.instant(), lastTotpStep);
            if (step.isPresent()) {
                apply(new SecondFactorPassed(userId, mainClientId, open.id(), TOTP, step.getAsLong(), purpose));
                if (!totpSecret.keyId().equals(box.currentKeyId())) {
                    SecretBox.Sealed resealed = box.seal(secret, userId);
                    apply(new TotpSecretResealed(userId, mainClientId, resealed.keyId(), resealed.ciphertext()));
                }
                return Outcome.PASSED;
            }
        } else if (EMAIL.equals(open.method()) && secrets.matches(code, open.codeHash())) {
            apply(new SecondFactorPassed(userId, mainClientId, open.id(), EMAIL, null, purpose));
            return Outcome.PASSED;
        }
        return rejected(open);
    }

    /** A recovery code in place of an app's code: each works once. */
    private Outcome verifyRecoveryCode(String challengeId, String purpose, Secret recoveryCode, OneTimeSecrets secrets,
                                      Clock clock) {
        OpenChallenge open = open(challengeId, purpose, clock);
        if (open == null) {
            return Outcome.UNKNOWN_OR_EXPIRED;
        }
        Optional<String> match = TOTP.equals(open.method())
                ? matchingRecoveryCode(secrets.recoveryCodeHash(recoveryCode.value())) : Optional.empty();
        if (match.isEmpty()) {
            return rejected(open);
        }
        apply(new RecoveryCodeUsed(userId, mainClientId, open.id(), match.get(), recoveryCodeHashes.size() - 1));
        apply(new SecondFactorPassed(userId, mainClientId, open.id(), RECOVERY_CODE, null, purpose));
        return Outcome.PASSED;
    }

    /** After a passed re-authentication challenge: a token that allows security changes in this session. */
    public Reauthenticated grantReauthentication(String sessionId, OneTimeSecrets secrets, Clock clock) {
        OneTimeSecrets.HandedOutSecret token = secrets.handedOutToken();
        Instant expiresAt = clock.instant().plus(REAUTHENTICATION_VALIDITY);
        apply(new ReauthenticationGranted(userId, mainClientId, token.hash(), sessionId, expiresAt));
        return new Reauthenticated(token.secret(), expiresAt);
    }

    /** 401 unless {@code token} is this session's re-authentication of the last five minutes. */
    public void requireReauthenticated(Secret token, String sessionId, OneTimeSecrets secrets, Clock clock) {
        boolean valid = reauthentication != null && token != null
                && reauthentication.sessionId() != null && reauthentication.sessionId().equals(sessionId)
                && clock.instant().isBefore(reauthentication.expiresAt())
                && secrets.matches(token, reauthentication.tokenHash());
        if (!valid) {
            throw new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "reauthentication-required",
                    "Confirm it is you first: POST /api/v1/me/reauthentication, then send the token you get in the "
                            + "Reauthentication header (valid for five minutes in this session).");
        }
    }

    public void switchOn() {
        if (!enabled) {
            apply(new TwoFactorSwitched(userId, mainClientId, true));
        }
    }

    public void switchOff(TwoFactorPolicy policy) {
        if (policy.requireTwoFactor()) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "two-factor-required-by-client",
                    "Your client requires a second factor; it cannot be switched off.");
        }
        if (enabled) {
            apply(new TwoFactorSwitched(userId, mainClientId, false));
        }
    }

    /** A new secret, sealed into the event; the plaintext goes only to the caller, to show to the user. */
    public StartedSetup startTotpSetup(String setupId, boolean duringLogin, String email, Totp totp, SecretBox box,
                                       Clock clock) {
        String secret = totp.newSecret();
        SecretBox.Sealed sealed = box.seal(secret, userId);
        Instant expiresAt = clock.instant().plus(SETUP_VALIDITY);
        apply(new TotpSetupStarted(userId, mainClientId, setupId, sealed.keyId(), sealed.ciphertext(), expiresAt,
                duringLogin));
        return new StartedSetup(setupId, secret, Totp.uri(secret, email), expiresAt);
    }

    /** The URI of the open set-up, to draw its QR code again; 404 if there is none. */
    public String pendingUri(String email, SecretBox box, Clock clock) {
        if (setup == null || setup.duringLogin() || !clock.instant().isBefore(setup.expiresAt())) {
            throw setupExpired();
        }
        return Totp.uri(box.open(setup.secret(), userId), email);
    }

    /** The app's first code makes it the method; the new recovery codes are answered once, here. */
    public RecoveryCodes confirmTotp(String setupId, boolean duringLogin, Secret code, Totp totp, SecretBox box,
                                     OneTimeSecrets secrets, Clock clock) {
        if (setup == null || !setup.id().equals(setupId) || setup.duringLogin() != duringLogin
                || !clock.instant().isBefore(setup.expiresAt())) {
            throw setupExpired();
        }
        OptionalLong step = totp.acceptedStep(box.open(setup.secret(), userId), code.value(), clock.instant(),
                Totp.NONE_ACCEPTED);
        if (step.isEmpty()) {
            throw new RuleViolation(RuleViolation.Kind.INVALID, "wrong-setup-code",
                    "The code does not match the new secret; enter the code the app shows now (and check its clock).");
        }
        RecoveryCodes codes = secrets.recoveryCodes(RECOVERY_CODE_COUNT);
        apply(new TotpConfigured(userId, mainClientId, setupId, step.getAsLong(), codes.hashes()));
        return codes;
    }

    public void removeTotp(TwoFactorPolicy policy) {
        requireTotp();
        if (policy.requireAuthenticatorApp()) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "authenticator-app-required-by-client",
                    "Your client requires an authenticator app; set up a new one instead of removing it.");
        }
        apply(new TotpRemoved(userId, mainClientId));
    }

    public RecoveryCodes renewRecoveryCodes(OneTimeSecrets secrets) {
        requireTotp();
        RecoveryCodes codes = secrets.recoveryCodes(RECOVERY_CODE_COUNT);
        apply(new RecoveryCodesRenewed(userId, mainClientId, codes.hashes()));
        return codes;
    }

    private void requireTotp() {
        if (!TOTP.equals(method)) {
            throw new RuleViolation(RuleViolation.Kind.CONFLICT, "no-authenticator-app",
                    "No authenticator app is set up; your second factor is e-mail codes.");
        }
    }

    public static RuleViolation wrongCode() {
        return new RuleViolation(RuleViolation.Kind.UNAUTHENTICATED, "wrong-code", "The code is wrong; try again.");
    }

    public static RuleViolation setupExpired() {
        return new RuleViolation(RuleViolation.Kind.NOT_FOUND, "totp-setup-expired",
                "There is no authenticator set-up open (they last 15 minutes); start a new one.");
    }

    private OpenChallenge open(String challengeId, String purpose, Clock clock) {
        OpenChallenge open = challenges.get(purpose);
        return open == null || !open.id().equals(challengeId) || !clock.instant().isBefore(open.expiresAt())
                ? null : open;
    }

    private Outcome rejected(OpenChallenge open) {
        int attemptsLeft = open.attemptsLeft() - 1;
        apply(new SecondFactorCodeRejected(userId, mainClientId, open.id(), attemptsLeft));
        return attemptsLeft == 0 ? Outcome.EXHAUSTED : Outcome.WRONG_CODE;
    }

    /** Compares every stored hash, so the time taken does not tell which one matched. */
    private Optional<String> matchingRecoveryCode(String hash) {
        String match = null;
        for (String stored : recoveryCodeHashes) {
            if (MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
                match = stored;
            }
        }
        return Optional.ofNullable(match);
    }

    @EventSourcingHandler
    void on(SecondFactorChallengeIssued event) {
        challenges.put(event.purposeOf(), new OpenChallenge(event.challengeId(), event.methodUsed(), event.codeHash(),
                event.expiresAt(), CODE_ATTEMPTS));
    }

    @EventSourcingHandler
    void on(SecondFactorCodeRejected event) {
        challenges.entrySet().stream().filter(e -> e.getValue().id().equals(event.challengeId())).findFirst()
                .ifPresent(e -> {
                    OpenChallenge open = e.getValue();
                    if (event.attemptsLeft() == 0) {
                        challenges.remove(e.getKey());
                    } else {
                        e.setValue(new OpenChallenge(open.id(), open.method(), open.codeHash(), open.expiresAt(),
                                event.attemptsLeft()));
                    }
                });
    }

    @EventSourcingHandler
    void on(SecondFactorPassed event) {
        challenges.values().removeIf(open -> open.id().equals(event.challengeId()));
        if (event.totpStep() != null) {
            lastTotpStep = Math.max(lastTotpStep, event.totpStep());
        }
    }

    @EventSourcingHandler
    void on(ReauthenticationGranted event) {
        reauthentication = new Grant(event.tokenHash(), event.sessionId(), event.expiresAt());
    }

    @EventSourcingHandler
    void on(TwoFactorSwitched event) {
        enabled = event.enabled();
        if (!enabled) {
            method = EMAIL;
            totpSecret = null;
            recoveryCodeHashes = new ArrayList<>();
        }
    }

    @EventSourcingHandler
    void on(TotpSetupStarted event) {
        setup = new PendingSetup(event.setupId(), new SecretBox.Sealed(event.keyId(), event.encryptedSecret()),
                event.expiresAt(), event.duringLogin());
    }

    @EventSourcingHandler
    void on(TotpConfigured event) {
        enabled = true;
        method = TOTP;
        totpSecret = setup.secret();
        lastTotpStep = Math.max(lastTotpStep, event.acceptedStep());
        recoveryCodeHashes = new ArrayList<>(event.recoveryCodeHashes());
        setup = null;
    }

    @EventSourcingHandler
    void on(TotpRemoved event) {
        method = EMAIL;
        totpSecret = null;
        recoveryCodeHashes = new ArrayList<>();
    }

    @EventSourcingHandler
    void on(TotpSecretResealed event) {
        totpSecret = new SecretBox.Sealed(event.keyId(), event.encryptedSecret());
    }

    @EventSourcingHandler
    void on(RecoveryCodeUsed event) {
        recoveryCodeHashes.remove(event.codeHash());
    }

    @EventSourcingHandler
    void on(RecoveryCodesRenewed event) {
        recoveryCodeHashes = new ArrayList<>(event.recoveryCodeHashes());
    }
}
