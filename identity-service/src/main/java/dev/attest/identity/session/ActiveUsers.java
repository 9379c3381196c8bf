package dev.attest.identity.session;

/** Whether a user may still use the platform; a session of a disabled user ends at its next refresh. */
public interface ActiveUsers {

    boolean isActive(String userId);
}
