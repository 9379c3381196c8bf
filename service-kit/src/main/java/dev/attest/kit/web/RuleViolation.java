package dev.attest.kit.web;

/**
 * A business rule said no. Thrown by aggregates and handlers; the web layer turns it into a problem
 * response whose {@code type} ends in {@link #type()}. Knows nothing of HTTP on purpose.
 */
public class RuleViolation extends RuntimeException {

    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, UNAUTHENTICATED, GONE }

    private final Kind kind;
    private final String type;

    public RuleViolation(Kind kind, String type, String detail) {
        super(detail);
        this.kind = kind;
        this.type = type;
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }
}
