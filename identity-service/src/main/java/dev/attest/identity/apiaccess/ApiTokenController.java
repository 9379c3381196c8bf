package dev.attest.identity.apiaccess;

import dev.attest.identity.apiaccess.ApiAccessCommands.IssueApiToken;
import dev.attest.identity.crypto.Secret;
import dev.attest.identity.session.AccessTokens;
import dev.attest.kit.eventstore.NamedAggregates;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OAuth 2.0 token endpoint for API keys: the client credentials grant (RFC 6749 §4.4), the key id and
 * secret as HTTP Basic or as {@code client_id} / {@code client_secret} in the form. Answers and errors are
 * RFC 6749 §5's, not problem documents: OAuth clients expect them.
 */
@RestController
public class ApiTokenController {

    private final CommandGateway commands;
    private final ApiKeys keys;
    private final AccessTokens tokens;

    public ApiTokenController(CommandGateway commands, ApiKeys keys, AccessTokens tokens) {
        this.commands = commands;
        this.keys = keys;
        this.tokens = tokens;
    }

    @PostMapping(path = "/api/v1/auth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<Map<String, Object>> token(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) {
        if (request.getQueryString() != null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "Send the parameters in the body, not the URL.",
                    false);
        }
        Map<String, String[]> parameters = request.getParameterMap();
        if (parameters.values().stream().anyMatch(values -> values.length > 1)) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "A parameter was sent more than once.", false);
        }
        String grantType = first(parameters, "grant_type");
        if (grantType == null) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "grant_type is missing.", false);
        }
        if (!"client_credentials".equals(grantType)) {
            return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Only client_credentials is supported.",
                    false);
        }
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        List<String> credentials = basic ? fromBasic(authorization.substring(6).strip())
                : parameters.containsKey("client_id") ? java.util.Arrays.asList(first(parameters, "client_id"),
                first(parameters, "client_secret")) : null;
        if (basic && (parameters.containsKey("client_id") || parameters.containsKey("client_secret"))) {
            return error(HttpStatus.BAD_REQUEST, "invalid_request", "Send the credentials one way, not both.", false);
        }
        if (credentials == null || credentials.get(0) == null || credentials.get(1) == null) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client", "The API key's id and secret are needed.", basic);
        }
        String keyId = credentials.get(0);
        try {
            String userId = keys.ownerOf(keyId).orElseThrow(ApiKeys::invalidClient);
            ApiAccess.Grant grant = NamedAggregates.send(commands, new IssueApiToken(userId, keyId,
                    new Secret(credentials.get(1))), ApiKeys::invalidClient);
            AccessTokens.Minted minted = tokens.mintApi(userId, grant.mainClientId(), keyId, grant.keyExpiresAt());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", minted.token());
            body.put("token_type", "Bearer");
            body.put("expires_in", minted.lifetime().toSeconds());
            return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
        } catch (ApiKeys.InvalidClient refused) {
            return error(HttpStatus.UNAUTHORIZED, "invalid_client",
                    "The API key is unknown, revoked or expired, or its secret is wrong.", basic);
        }
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    /** RFC 6749 §2.3.1: both parts are form-encoded before they are joined and base64-encoded. */
    private static List<String> fromBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return List.of(java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String error, String description,
                                                             boolean basic) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .header("Pragma", "no-cache").contentType(MediaType.APPLICATION_JSON);
        if (basic) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"attest\"");
        }
        return response.body(Map.of("error", error, "error_description", description));
    }
}
