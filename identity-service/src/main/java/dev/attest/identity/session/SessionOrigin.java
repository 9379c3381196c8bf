package dev.attest.identity.session;

import jakarta.servlet.http.HttpServletRequest;

import java.util.regex.Pattern;

/**
 * Where a login came from, to show in the user's list of sessions: the browser's {@code User-Agent}
 * (cut to 200 printable characters) and the address the gateway worked out and passed on in
 * {@value #CLIENT_ADDRESS} (the gateway's {@code ClientAddress}; a caller's own value never gets through).
 */
public record SessionOrigin(String userAgent, String ipAddress) {

    static final String CLIENT_ADDRESS = "X-Attest-Client-Address";
    public static final SessionOrigin UNKNOWN = new SessionOrigin(null, null);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.%]{2,60}");

    public static SessionOrigin of(HttpServletRequest request) {
        String agent = request.getHeader("User-Agent");
        String address = request.getHeader(CLIENT_ADDRESS);
        return new SessionOrigin(agent == null ? null : printable(agent),
                address != null && IP_LITERAL.matcher(address).matches() ? address : null);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }
}
