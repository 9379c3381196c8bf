package dev.attest.contracts;

/** The permission catalogue. Permissions are granted per client through user groups. */
public enum Permission {
    USERS_READ,
    USERS_MANAGE,
    USERS_INVITE,
    GROUPS_MANAGE,
    GROUPS_JOIN,
    AUDIT_READ
}
