package dev.attest.kit.web;

import java.time.Duration;

/**
 * A business rule said no. Thrown by aggregates and handlers; the web layer turns it into a problem
 * response whose {@code type} ends in {@link #type()}. Knows nothing of HTTP on purpose.
 */
public class RuleViolation extends RuntimeException {

    public enum Kind { INVALID, FORBIDDEN, NOT_FOUND, CONFLICT, UNAUTHENTICATED, GONE, PRECONDITION_FAILED,
        TOO_MANY_REQUESTS }

    private final Kind kind;
    private final String type;
    private final Duration retryAfter;

    public RuleViolation(Kind kind, String type, String detail) {
        this(kind, type, detail, Duration.ZERO);
    }

    private RuleViolation(Kind kind, String type, String detail, Duration retryAfter) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.retryAfter = retryAfter;
    }

    /** Not now: the caller may try again after {@code retryAfter}. */
    public static RuleViolation tooManyRequests(String type, String detail, Duration retryAfter) {
        return new RuleViolation(Kind.TOO_MANY_REQUESTS, type, detail, retryAfter);
    }

    /** How long to wait before trying again; zero unless the kind is TOO_MANY_REQUESTS. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }
}
