package dev.attest.contracts;

/** Kafka topics: one per bounded context and stream, keyed by aggregate id. */
public final class Topics {

    public static final String IDENTITY_USER = "attest.identity.user.v1";
    public static final String MEMBERSHIP_CLIENT = "attest.membership.client.v1";
    public static final String MEMBERSHIP_MEMBERSHIP = "attest.membership.membership.v1";

    private Topics() {
    }
}
