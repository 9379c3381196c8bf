package dev.attest.contracts;

/** Kafka topics: one per bounded context and stream, keyed by aggregate id. */
public final class Topics {

    public static final String IDENTITY_USER = "attest.identity.user.v1";
    public static final String IDENTITY_CLIENT_POLICY = "attest.identity.client-policy.v1";
    public static final String MEMBERSHIP_CLIENT = "attest.membership.client.v1";
    public static final String MEMBERSHIP_MEMBERSHIP = "attest.membership.membership.v1";
    public static final String MEMBERSHIP_INVITATION = "attest.membership.invitation.v1";

    /** Prefix of the topics between services that are not part of the published contract. */
    public static final String INTERNAL_PREFIX = "attest.internal.";
    /** Secrets on their way to the mailbox: readable by identity- and notification-service only. */
    public static final String INTERNAL_SECRET_MAIL = INTERNAL_PREFIX + "secret-mail.v1";

    private Topics() {
    }
}
