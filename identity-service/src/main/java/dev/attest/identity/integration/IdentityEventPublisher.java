package dev.attest.identity.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.EventContext;
import dev.attest.contracts.identity.v1.AdministratorRejected;
import dev.attest.contracts.identity.v1.ClientTwoFactorPolicyChanged;
import dev.attest.contracts.identity.v1.SecondFactorChanged;
import dev.attest.contracts.identity.v1.EmailChangeRequested;
import dev.attest.contracts.identity.v1.EmailChangeReverted;
import dev.attest.contracts.identity.v1.EmailChanged;
import dev.attest.contracts.identity.v1.ExternalIdentityLinked;
import dev.attest.contracts.identity.v1.LoginFailed;
import dev.attest.contracts.identity.v1.LoginSucceeded;
import dev.attest.contracts.identity.v1.PasswordChanged;
import dev.attest.contracts.identity.v1.PasswordResetLinkIssued;
import dev.attest.contracts.identity.v1.PasswordSet;
import dev.attest.contracts.identity.v1.PersonalDataChanged;
import dev.attest.contracts.identity.v1.PasswordSetupLinkIssued;
import dev.attest.contracts.identity.v1.ApiAccessGranted;
import dev.attest.contracts.identity.v1.ApiAccessRevoked;
import dev.attest.contracts.identity.v1.ApiKeyCreated;
import dev.attest.contracts.identity.v1.ApiKeyRevoked;
import dev.attest.contracts.identity.v1.SecondFactorCodeIssued;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.contracts.identity.v1.UserDisabled;
import dev.attest.contracts.identity.v1.UserEnabled;
import dev.attest.contracts.internal.v1.NoticeMailRequested;
import dev.attest.contracts.internal.v1.SecretMailRequested;
import dev.attest.identity.apiaccess.ApiAccessEvents;
import dev.attest.identity.clientpolicy.ClientPolicy;
import dev.attest.identity.credentials.CredentialEvents;
import dev.attest.identity.emailchange.EmailChangeEvents;
import dev.attest.identity.externalsignin.ExternalProviders;
import dev.attest.identity.secondfactor.SecondFactor;
import dev.attest.identity.secondfactor.SecondFactorEvents;
import dev.attest.identity.user.UserDirectory;
import dev.attest.identity.user.UserEvents;
import dev.attest.kit.eventstore.PendingSecrets;
import dev.attest.kit.messaging.CloudEventPublisher;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Maps identity's domain events to the published contract (topics attest.identity.user.v1 and
 * attest.identity.client-policy.v1), and hands the
 * secrets that must be mailed to notification-service on the internal topic attest.internal.secret-mail.v1.
 * The platform operator's creation is not published (it belongs to no client); its logins are, with no
 * client id.
 */
@Component
@ProcessingGroup(CloudEventPublisher.PROCESSING_GROUP)
public class IdentityEventPublisher extends CloudEventPublisher {

    private final PendingSecrets pending;
    private final UserDirectory users;
    private final ExternalProviders providers;

    public IdentityEventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json, PendingSecrets pending,
                                  UserDirectory users, ExternalProviders providers) {
        super(kafka, json, EventCatalogue.IDENTITY_SERVICE);
        this.pending = pending;
        this.users = users;
        this.providers = providers;
    }

    @EventHandler
    void on(UserEvents.UserCreated event, EventMessage<?> message) {
        if (event.operator()) {
            return;
        }
        publish(new UserCreated(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.mainClientId(), event.email(), event.firstName(), event.lastName(), event.locale(),
                event.groupIds()));
    }

    @EventHandler
    void on(UserEvents.PersonalDataChanged event, EventMessage<?> message) {
        if (event.mainClientId() == null) {
            return; // the operator, who is not published as a user either
        }
        publish(new PersonalDataChanged(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.firstName(), event.lastName(), event.locale()));
    }

    @EventHandler
    void on(UserEvents.UserDisabled event, EventMessage<?> message) {
        publish(new UserDisabled(context(message, event.userId(), event.mainClientId()), event.userId()));
    }

    @EventHandler
    void on(ApiAccessEvents.ApiAccessGranted event, EventMessage<?> message) {
        publish(new ApiAccessGranted(context(message, event.userId(), event.mainClientId()), event.userId()));
    }

    @EventHandler
    void on(ApiAccessEvents.ApiAccessRevoked event, EventMessage<?> message) {
        publish(new ApiAccessRevoked(context(message, event.userId(), event.mainClientId()), event.userId()));
    }

    /** Without the secret's hash: platform teams learn that a key exists, never anything to test a guess on. */
    @EventHandler
    void on(ApiAccessEvents.ApiKeyCreated event, EventMessage<?> message) {
        publish(new ApiKeyCreated(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.keyId(), event.name(), event.expiresAt()));
    }

    @EventHandler
    void on(ApiAccessEvents.ApiKeyRevoked event, EventMessage<?> message) {
        publish(new ApiKeyRevoked(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.keyId()));
    }

    @EventHandler
    void on(UserEvents.UserEnabled event, EventMessage<?> message) {
        publish(new UserEnabled(context(message, event.userId(), event.mainClientId()), event.userId()));
    }

    @EventHandler
    void on(CredentialEvents.PasswordSetupLinkIssued event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new PasswordSetupLinkIssued(context, event.userId(), event.email(), event.firstName(),
                event.locale(), event.expiresAt()));
        handOn(event.mailSecretId(), encrypted -> new SecretMailRequested(secretContext(context), event.userId(),
                event.email(), SecretMailRequested.Template.WELCOME, event.locale(), event.firstName(), encrypted,
                event.expiresAt()));
    }

    @EventHandler
    void on(CredentialEvents.PasswordResetLinkIssued event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new PasswordResetLinkIssued(context, event.userId(), event.email(), event.locale(), event.expiresAt()));
        handOn(event.mailSecretId(), encrypted -> new SecretMailRequested(secretContext(context), event.userId(),
                event.email(), SecretMailRequested.Template.PASSWORD_RESET, event.locale(), event.firstName(),
                encrypted, event.expiresAt()));
    }

    @EventHandler
    void on(EmailChangeEvents.EmailChangeRequested event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new EmailChangeRequested(context, event.userId(), event.newEmail(), event.expiresAt()));
        handOn(event.mailSecretId(), encrypted -> new SecretMailRequested(secretContext(context), event.userId(),
                event.currentEmail(), SecretMailRequested.Template.EMAIL_CHANGE_CURRENT, event.locale(),
                event.firstName(), encrypted, event.expiresAt()));
    }

    /** Internal only: the platform teams learn of the change when it is done. */
    @EventHandler
    void on(EmailChangeEvents.EmailChangeConfirmedAtCurrentAddress event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        handOn(event.mailSecretId(), encrypted -> new SecretMailRequested(secretContext(context), event.userId(),
                event.newEmail(), SecretMailRequested.Template.EMAIL_CHANGE_NEW, event.locale(), event.firstName(),
                encrypted, event.expiresAt()));
    }

    @EventHandler
    void on(EmailChangeEvents.EmailChanged event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new EmailChanged(context, event.userId(), event.oldEmail(), event.newEmail()));
        handOn(event.mailSecretId(), encrypted -> new SecretMailRequested(secretContext(context), event.userId(),
                event.oldEmail(), SecretMailRequested.Template.EMAIL_CHANGED, event.locale(), event.firstName(),
                encrypted, event.revertExpiresAt()));
    }

    @EventHandler
    void on(EmailChangeEvents.EmailChangeReverted event, EventMessage<?> message) {
        publish(new EmailChangeReverted(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.restoredEmail()));
    }

    /** The user is told at their address, as the read model knows it (it follows within milliseconds). */
    @EventHandler
    void on(CredentialEvents.PasswordChanged event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new PasswordChanged(context, event.userId(), event.reason()));
        users.profile(event.userId()).ifPresent(user -> publish(new NoticeMailRequested(noticeContext(context),
                event.userId(), user.email(), NoticeMailRequested.Template.PASSWORD_CHANGED, user.locale(),
                user.firstName(), Map.of())));
    }

    @EventHandler
    void on(CredentialEvents.SignInWithProviderReminded event, EventMessage<?> message) {
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new NoticeMailRequested(noticeContext(context), event.userId(), event.email(),
                NoticeMailRequested.Template.SIGN_IN_WITH_PROVIDER, event.locale(), event.firstName(),
                Map.of("provider", providers.displayName(event.provider()))));
    }

    @EventHandler
    void on(CredentialEvents.PasswordSet event, EventMessage<?> message) {
        publish(new PasswordSet(context(message, event.userId(), event.mainClientId()), event.userId()));
    }

    /** An app's challenge sends nothing: there is no code to publish or mail. */
    @EventHandler
    void on(SecondFactorEvents.SecondFactorChallengeIssued event, EventMessage<?> message) {
        if (SecondFactor.TOTP.equals(event.methodUsed())) {
            return;
        }
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new SecondFactorCodeIssued(context, event.userId(), event.email(), event.locale(),
                event.challengeId(), event.expiresAt()));
        handOn(event.mailSecretId(), encrypted -> new SecretMailRequested(secretContext(context), event.userId(),
                event.email(), SecretMailRequested.Template.LOGIN_CODE, event.locale(), null, encrypted,
                event.expiresAt()));
    }

    /** A passed re-authentication is not a login. */
    @EventHandler
    void on(SecondFactorEvents.SecondFactorPassed event, EventMessage<?> message) {
        boolean external = SecondFactor.EXTERNAL_LOGIN.equals(event.purposeOf());
        if (external || SecondFactor.LOGIN.equals(event.purposeOf())) {
            publish(new LoginSucceeded(context(message, event.userId(), event.mainClientId()), event.userId(),
                    event.method(), external ? "EXTERNAL" : "PASSWORD", null));
        }
    }

    @EventHandler
    void on(UserEvents.LoggedInWithoutSecondFactor event, EventMessage<?> message) {
        publish(new LoginSucceeded(context(message, event.userId(), event.mainClientId()), event.userId(), "NONE",
                "PASSWORD", null));
    }

    @EventHandler
    void on(CredentialEvents.LoggedInExternally event, EventMessage<?> message) {
        publish(new LoginSucceeded(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.mfaAsserted() ? "PROVIDER" : "NONE", "EXTERNAL", event.provider()));
    }

    @EventHandler
    void on(CredentialEvents.ExternalIdentityLinked event, EventMessage<?> message) {
        publish(new ExternalIdentityLinked(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.provider()));
    }

    /** A user made to sign in with a provider is welcomed with where to do so; there is no link to open. */
    @EventHandler
    void on(CredentialEvents.ExternalSignInLinked event, EventMessage<?> message) {
        if (event.email() == null) {
            return; // stored before welcome notices existed
        }
        EventContext context = context(message, event.userId(), event.mainClientId());
        publish(new NoticeMailRequested(noticeContext(context), event.userId(), event.email(),
                NoticeMailRequested.Template.WELCOME_EXTERNAL, event.locale(), event.firstName(),
                Map.of("provider", providers.displayName(event.provider()), "signInUrl", providers.publicUrl())));
    }

    @EventHandler
    void on(SecondFactorEvents.TwoFactorSwitched event, EventMessage<?> message) {
        secondFactorChanged(message, event.userId(), event.mainClientId(), event.enabled() ? "ENABLED" : "DISABLED",
                event.enabled(), SecondFactor.EMAIL, 0);
    }

    @EventHandler
    void on(SecondFactorEvents.TotpConfigured event, EventMessage<?> message) {
        secondFactorChanged(message, event.userId(), event.mainClientId(), "AUTHENTICATOR_APP_CONFIGURED", true,
                SecondFactor.TOTP, event.recoveryCodeHashes().size());
    }

    @EventHandler
    void on(SecondFactorEvents.TotpRemoved event, EventMessage<?> message) {
        secondFactorChanged(message, event.userId(), event.mainClientId(), "AUTHENTICATOR_APP_REMOVED", true,
                SecondFactor.EMAIL, 0);
    }

    @EventHandler
    void on(SecondFactorEvents.RecoveryCodeUsed event, EventMessage<?> message) {
        secondFactorChanged(message, event.userId(), event.mainClientId(), "RECOVERY_CODE_USED", true,
                SecondFactor.TOTP, event.recoveryCodesLeft());
    }

    @EventHandler
    void on(SecondFactorEvents.RecoveryCodesRenewed event, EventMessage<?> message) {
        secondFactorChanged(message, event.userId(), event.mainClientId(), "RECOVERY_CODES_RENEWED", true,
                SecondFactor.TOTP, event.recoveryCodeHashes().size());
    }

    @EventHandler
    void on(ClientPolicy.TwoFactorPolicySet event, EventMessage<?> message) {
        publish(new ClientTwoFactorPolicyChanged(context(message, event.clientId(), event.clientId()), event.clientId(),
                event.requireTwoFactor(), event.requireAuthenticatorApp()));
    }

    /**
     * Published (except for the operator, who is not published as a user) and mailed as a notice, whose
     * template is named like the change; the address is the read model's, which follows within milliseconds.
     */
    private void secondFactorChanged(EventMessage<?> message, String userId, String mainClientId, String change,
                                     boolean enabled, String method, int recoveryCodesLeft) {
        EventContext context = context(message, userId, mainClientId);
        if (mainClientId != null) {
            publish(new SecondFactorChanged(context, userId, change, enabled, method, recoveryCodesLeft));
        }
        NoticeMailRequested.Template template = NoticeMailRequested.Template.valueOf(
                change.equals("ENABLED") || change.equals("DISABLED") ? "TWO_FACTOR_" + change : change);
        users.profile(userId).ifPresent(user -> publish(new NoticeMailRequested(noticeContext(context), userId,
                user.email(), template, user.locale(), user.firstName(),
                Map.of("recoveryCodesLeft", String.valueOf(recoveryCodesLeft)))));
    }

    @EventHandler
    void on(UserEvents.LoginFailed event, EventMessage<?> message) {
        publish(new LoginFailed(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.reason(), "PASSWORD"));
    }

    @EventHandler
    void on(SecondFactorEvents.SecondFactorCodeRejected event, EventMessage<?> message) {
        publish(new LoginFailed(context(message, event.userId(), event.mainClientId()), event.userId(),
                event.attemptsLeft() == 0 ? "CHALLENGE_EXHAUSTED" : "WRONG_CODE", "PASSWORD"));
    }

    /**
     * Sends the held secret to notification-service on the internal topic, then destroys it (in this
     * processor's transaction, with its token). Gone already: it was handed on before, or expired.
     */
    private void handOn(String mailSecretId, Function<String, SecretMailRequested> request) {
        pending.find(mailSecretId).filter(held -> !held.expired()).ifPresent(held -> {
            publish(request.apply(held.encrypted()));
            pending.release(mailSecretId);
        });
    }

    /** Its own id, derived from the public event's, so a replay sends the same id and is deduplicated. */
    private static EventContext secretContext(EventContext publicEvent) {
        return derived("secret-mail:", publicEvent);
    }

    private static EventContext noticeContext(EventContext publicEvent) {
        return derived("notice-mail:", publicEvent);
    }

    private static EventContext derived(String kind, EventContext publicEvent) {
        return new EventContext(UUID.nameUUIDFromBytes((kind + publicEvent.eventId()).getBytes(StandardCharsets.UTF_8)),
                publicEvent.occurredAt(), publicEvent.aggregateId(), publicEvent.clientId(), publicEvent.actor(),
                publicEvent.correlationId());
    }

    @EventHandler
    void on(UserEvents.AdministratorRejected event, EventMessage<?> message) {
        publish(new AdministratorRejected(context(message, event.clientId(), event.clientId()), event.clientId(),
                event.email(), event.reason()));
    }
}
