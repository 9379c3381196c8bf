package dev.attest.kit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies are UTF-8 (RFC 8259 for JSON): one declared in another charset gets 415 before anything
 * reads it, as at the gateway, so no part of the platform reads a body differently from another.
 */
public class Utf8RequestBodies extends OncePerRequestFilter {

    private final ObjectMapper json;

    public Utf8RequestBodies(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (declaresUtf8OrNothing(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        ProblemResponses.write(response, json, ProblemResponses.problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-charset", "Request bodies are read as UTF-8 only; send them in UTF-8."));
    }

    static boolean declaresUtf8OrNothing(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getParameter("charset") == null || StandardCharsets.UTF_8.equals(type.getCharset());
        } catch (IllegalArgumentException malformedOrUnknownCharset) {
            return false;
        }
    }
}
