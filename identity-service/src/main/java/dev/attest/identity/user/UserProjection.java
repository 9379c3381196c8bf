package dev.attest.identity.user;

import dev.attest.identity.credentials.CredentialEvents.PasswordChanged;
import dev.attest.identity.credentials.CredentialEvents.PasswordSet;
import dev.attest.identity.emailchange.EmailChange;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeCancelled;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeCodeRejected;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeConfirmedAtCurrentAddress;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeRequested;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChangeReverted;
import dev.attest.identity.emailchange.EmailChangeEvents.EmailChanged;
import dev.attest.identity.user.UserEvents.PersonalDataChanged;
import dev.attest.identity.user.UserProfile.PendingEmailChange;
import dev.attest.identity.user.UserEvents.UserCreated;
import dev.attest.identity.user.UserEvents.UserDisabled;
import dev.attest.identity.user.UserEvents.UserEnabled;
import dev.attest.identity.apiaccess.ApiAccessEvents;
import org.axonframework.config.ProcessingGroup;
import dev.attest.identity.secondfactor.SecondFactor;
import dev.attest.identity.secondfactor.SecondFactorEvents.RecoveryCodeUsed;
import dev.attest.identity.secondfactor.SecondFactorEvents.RecoveryCodesRenewed;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpConfigured;
import dev.attest.identity.secondfactor.SecondFactorEvents.TotpRemoved;
import dev.attest.identity.secondfactor.SecondFactorEvents.TwoFactorSwitched;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Keeps {@link UserProfile} documents; every write is an idempotent upsert, so a replay yields the same.
 * The processing group's name carries the form of the documents: a new form gets a new name, so the
 * documents are rebuilt from all events once (docs/operations.md).
 */
@Component
@ProcessingGroup(UserProjection.NAME)
public class UserProjection {

    public static final String NAME = "users-v2";

    private final MongoTemplate mongo;

    public UserProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(UserCreated event, @Timestamp Instant at, @SequenceNumber long sequence) {
        mongo.save(new UserProfile(event.userId(), event.email(), event.firstName(), event.lastName(),
                event.mainClientId(), event.locale(), "EMAIL", false, false, event.operator(), false, at, sequence,
                UserProfile.searchKeysOf(event.email(), event.firstName(), event.lastName()), null, null, null,
                false, 0));
    }

    @EventHandler
    void on(PersonalDataChanged event, @SequenceNumber long sequence) {
        UserProfile profile = mongo.findById(event.userId(), UserProfile.class);
        mongo.updateFirst(byId(event.userId()), Update.update("firstName", event.firstName())
                .set("lastName", event.lastName()).set("locale", event.locale()).set("version", sequence)
                .set("searchKeys", UserProfile.searchKeysOf(profile.email(), event.firstName(), event.lastName())),
                UserProfile.class);
    }

    @EventHandler
    void on(UserDisabled event) {
        mongo.updateFirst(byId(event.userId()), Update.update("disabled", true), UserProfile.class);
    }

    @EventHandler
    void on(ApiAccessEvents.ApiAccessGranted event) {
        mongo.updateFirst(byId(event.userId()), Update.update("apiAccess", true), UserProfile.class);
    }

    @EventHandler
    void on(ApiAccessEvents.ApiAccessRevoked event) {
        mongo.updateFirst(byId(event.userId()), Update.update("apiAccess", false), UserProfile.class);
    }

    @EventHandler
    void on(UserEnabled event) {
        mongo.updateFirst(byId(event.userId()), Update.update("disabled", false), UserProfile.class);
    }

    @EventHandler
    void on(EmailChangeRequested event) {
        pendingChange(event.userId(), new PendingEmailChange(event.newEmail(), EmailChange.CONFIRM_CURRENT,
                event.expiresAt()));
    }

    @EventHandler
    void on(EmailChangeConfirmedAtCurrentAddress event) {
        pendingChange(event.userId(), new PendingEmailChange(event.newEmail(), EmailChange.VERIFY_NEW,
                event.expiresAt()));
    }

    @EventHandler
    void on(EmailChangeCodeRejected event) {
        if (event.attemptsLeft() == 0) {
            pendingChange(event.userId(), null);
        }
    }

    @EventHandler
    void on(EmailChangeCancelled event) {
        pendingChange(event.userId(), null);
    }

    @EventHandler
    void on(EmailChanged event, @SequenceNumber long sequence) {
        mongo.updateFirst(byId(event.userId()), newAddress(event.userId(), event.newEmail(), sequence),
                UserProfile.class);
    }

    /** The password is gone and every session ends, as after a reset. */
    @EventHandler
    void on(EmailChangeReverted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        mongo.updateFirst(byId(event.userId()), newAddress(event.userId(), event.restoredEmail(), sequence)
                .set("passwordSet", false).set("passwordChangedAt", at).set("sessionKeptAtChange", null),
                UserProfile.class);
    }

    /** The user's login address is {@code email} now, searchable as such; no change is open any more. */
    private Update newAddress(String userId, String email, long sequence) {
        UserProfile profile = mongo.findById(userId, UserProfile.class);
        return Update.update("email", email).set("version", sequence).set("pendingEmailChange", null)
                .set("searchKeys", UserProfile.searchKeysOf(email, profile.firstName(), profile.lastName()));
    }

    private void pendingChange(String userId, PendingEmailChange change) {
        mongo.updateFirst(byId(userId), Update.update("pendingEmailChange", change), UserProfile.class);
    }

    /** Sessions older than this, but the one it was changed from, end at their next refresh. */
    @EventHandler
    void on(TwoFactorSwitched event) {
        Update update = Update.update("secondFactorSwitchedOff", !event.enabled());
        mongo.updateFirst(byId(event.userId()), event.enabled() ? update
                : update.set("secondFactorMethod", SecondFactor.EMAIL).set("recoveryCodesLeft", 0), UserProfile.class);
    }

    @EventHandler
    void on(TotpConfigured event) {
        mongo.updateFirst(byId(event.userId()), Update.update("secondFactorMethod", SecondFactor.TOTP)
                .set("secondFactorSwitchedOff", false)
                .set("recoveryCodesLeft", event.recoveryCodeHashes().size()), UserProfile.class);
    }

    @EventHandler
    void on(TotpRemoved event) {
        mongo.updateFirst(byId(event.userId()), Update.update("secondFactorMethod", SecondFactor.EMAIL)
                .set("recoveryCodesLeft", 0), UserProfile.class);
    }

    @EventHandler
    void on(RecoveryCodeUsed event) {
        mongo.updateFirst(byId(event.userId()), Update.update("recoveryCodesLeft", event.recoveryCodesLeft()),
                UserProfile.class);
    }

    @EventHandler
    void on(RecoveryCodesRenewed event) {
        mongo.updateFirst(byId(event.userId()), Update.update("recoveryCodesLeft", event.recoveryCodeHashes().size()),
                UserProfile.class);
    }

    @EventHandler
    void on(PasswordChanged event, @Timestamp Instant at) {
        mongo.updateFirst(byId(event.userId()), Update.update("passwordChangedAt", at)
                .set("sessionKeptAtChange", event.keptSessionId()), UserProfile.class);
    }

    @EventHandler
    void on(PasswordSet event) {
        mongo.updateFirst(byId(event.userId()), Update.update("passwordSet", true), UserProfile.class);
    }

    private static Query byId(String userId) {
        return Query.query(Criteria.where("_id").is(userId));
    }
}
