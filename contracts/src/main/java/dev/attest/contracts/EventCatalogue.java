package dev.attest.contracts;

import dev.attest.contracts.identity.v1.AdministratorRejected;
import dev.attest.contracts.identity.v1.ApiAccessGranted;
import dev.attest.contracts.identity.v1.ApiAccessRevoked;
import dev.attest.contracts.identity.v1.ApiKeyCreated;
import dev.attest.contracts.identity.v1.ApiKeyRevoked;
import dev.attest.contracts.identity.v1.ClientTwoFactorPolicyChanged;
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
import dev.attest.contracts.identity.v1.SecondFactorChanged;
import dev.attest.contracts.identity.v1.SecondFactorCodeIssued;
import dev.attest.contracts.identity.v1.UserCreated;
import dev.attest.contracts.identity.v1.UserDisabled;
import dev.attest.contracts.identity.v1.UserEnabled;
import dev.attest.contracts.internal.v1.NoticeMailRequested;
import dev.attest.contracts.internal.v1.SecretMailRequested;
import dev.attest.contracts.membership.v1.ClientCreated;
import dev.attest.contracts.membership.v1.ClientLeft;
import dev.attest.contracts.membership.v1.GroupJoined;
import dev.attest.contracts.membership.v1.GroupLeft;
import dev.attest.contracts.membership.v1.InvitationAccepted;
import dev.attest.contracts.membership.v1.InvitationDelivered;
import dev.attest.contracts.membership.v1.InvitationRejected;
import dev.attest.contracts.membership.v1.InvitationRevoked;
import dev.attest.contracts.membership.v1.InvitationSent;
import dev.attest.contracts.membership.v1.MembershipStarted;
import dev.attest.contracts.membership.v1.UserGroupChanged;
import dev.attest.contracts.membership.v1.UserGroupCreated;
import dev.attest.contracts.membership.v1.UserGroupDeleted;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every event on Kafka: its record, CloudEvents type, topic and JSON Schema. {@link #ENTRIES} are the
 * published contract; {@link #INTERNAL} travel between two services on topics platform teams do not get.
 */
public final class EventCatalogue {

    /** {@code source} is the CloudEvents source of every record of the type: the service that publishes it. */
    public record Entry(Class<? extends IntegrationEvent> type, String cloudEventType, String topic, String source) {

        /** Classpath resource of the JSON Schema (draft 2020-12) of the event body. */
        public String schemaResource() {
            return "/schemas/" + cloudEventType + ".json";
        }
    }

    public static final String IDENTITY_SERVICE = "/attest/identity-service";
    public static final String MEMBERSHIP_SERVICE = "/attest/membership-service";

    public static final List<Entry> ENTRIES = List.of(
            identity(UserCreated.class),
            identity(PersonalDataChanged.class),
            identity(UserDisabled.class),
            identity(UserEnabled.class),
            identity(PasswordSetupLinkIssued.class),
            identity(PasswordSet.class),
            identity(PasswordResetLinkIssued.class),
            identity(PasswordChanged.class),
            identity(EmailChangeRequested.class),
            identity(EmailChanged.class),
            identity(EmailChangeReverted.class),
            identity(SecondFactorCodeIssued.class),
            identity(LoginSucceeded.class),
            identity(LoginFailed.class),
            identity(SecondFactorChanged.class),
            identity(ExternalIdentityLinked.class),
            identity(AdministratorRejected.class),
            identity(ApiAccessGranted.class),
            identity(ApiAccessRevoked.class),
            identity(ApiKeyCreated.class),
            identity(ApiKeyRevoked.class),
            new Entry(ClientTwoFactorPolicyChanged.class, "dev.attest.identity.ClientTwoFactorPolicyChanged.v1",
                    Topics.IDENTITY_CLIENT_POLICY, IDENTITY_SERVICE),
            membership(ClientCreated.class, Topics.MEMBERSHIP_CLIENT),
            membership(UserGroupCreated.class, Topics.MEMBERSHIP_CLIENT),
            membership(UserGroupChanged.class, Topics.MEMBERSHIP_CLIENT),
            membership(UserGroupDeleted.class, Topics.MEMBERSHIP_CLIENT),
            membership(MembershipStarted.class, Topics.MEMBERSHIP_MEMBERSHIP),
            membership(GroupJoined.class, Topics.MEMBERSHIP_MEMBERSHIP),
            membership(GroupLeft.class, Topics.MEMBERSHIP_MEMBERSHIP),
            membership(ClientLeft.class, Topics.MEMBERSHIP_MEMBERSHIP),
            membership(InvitationSent.class, Topics.MEMBERSHIP_INVITATION),
            membership(InvitationDelivered.class, Topics.MEMBERSHIP_INVITATION),
            membership(InvitationAccepted.class, Topics.MEMBERSHIP_INVITATION),
            membership(InvitationRejected.class, Topics.MEMBERSHIP_INVITATION),
            membership(InvitationRevoked.class, Topics.MEMBERSHIP_INVITATION));

    public static final List<Entry> INTERNAL = List.of(
            new Entry(SecretMailRequested.class, "dev.attest.internal.SecretMailRequested.v1",
                    Topics.INTERNAL_SECRET_MAIL, IDENTITY_SERVICE),
            new Entry(NoticeMailRequested.class, "dev.attest.internal.NoticeMailRequested.v1",
                    Topics.INTERNAL_SECRET_MAIL, IDENTITY_SERVICE));

    public static final List<Entry> ALL = Stream.concat(ENTRIES.stream(), INTERNAL.stream()).toList();

    private EventCatalogue() {
    }

    public static Entry of(Class<? extends IntegrationEvent> type) {
        return ALL.stream().filter(e -> e.type().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type + " is not in the event catalogue"));
    }

    public static Optional<Entry> byCloudEventType(String cloudEventType) {
        return ALL.stream().filter(e -> e.cloudEventType().equals(cloudEventType)).findFirst();
    }

    private static Entry identity(Class<? extends IntegrationEvent> type) {
        return new Entry(type, "dev.attest.identity." + type.getSimpleName() + ".v1", Topics.IDENTITY_USER,
                IDENTITY_SERVICE);
    }

    private static Entry membership(Class<? extends IntegrationEvent> type, String topic) {
        return new Entry(type, "dev.attest.membership." + type.getSimpleName() + ".v1", topic, MEMBERSHIP_SERVICE);
    }
}
