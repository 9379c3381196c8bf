package dev.attest.embedded.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real OpenID Connect provider for tests: {@code no.nav.security:mock-oauth2-server}, on loopback, in a class
 * loader of its own (it needs oauth2-oidc-sdk 11, the services Spring Security's 9), from the class path module
 * {@code deploy/oidc-provider} writes. Its authorization endpoint answers at once with a code; what the next
 * token says is set with {@link #willSay}.
 */
public final class MockOidcProvider implements AutoCloseable {

    /** Where the build puts the provider's class path (a system property of the test JVMs). */
    public static final String CLASSPATH_PROPERTY = "attest.test.oidc-provider-classpath";

    private final URLClassLoader loader;
    private final Object server;

    private MockOidcProvider(URLClassLoader loader, Object server) {
        this.loader = loader;
        this.server = server;
    }

    public static MockOidcProvider start() {
        String file = System.getProperty(CLASSPATH_PROPERTY);
        if (file == null || !Files.isReadable(Path.of(file))) {
            throw new IllegalStateException("No provider class path at " + file + ": build deploy/oidc-provider first");
        }
        try {
            List<URL> urls = new ArrayList<>();
            for (String entry : Files.readString(Path.of(file)).trim().split(java.io.File.pathSeparator)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
            URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            Class<?> route = loader.loadClass("no.nav.security.mock.oauth2.http.Route");
            Object noRoutes = java.lang.reflect.Array.newInstance(route, 0);
            Object server = loader.loadClass("no.nav.security.mock.oauth2.MockOAuth2Server")
                    .getConstructor(noRoutes.getClass()).newInstance(noRoutes);
            server.getClass().getMethod("start", InetAddress.class, int.class)
                    .invoke(server, InetAddress.getLoopbackAddress(), 0);
            return new MockOidcProvider(loader, server);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start mock-oauth2-server", unwrap(e));
        }
    }

    /** The issuer URL of {@code issuerId}; discovery is at {@code <it>/.well-known/openid-configuration}. */
    public String issuerUrl(String issuerId) {
        return call("issuerUrl", new Class<?>[]{String.class}, issuerId).toString();
    }

    /**
     * What the next tokens of {@code issuerId} say: this subject, {@code audience} for the access token (an ID
     * token's is the client id), and further claims, which override the provider's own (an {@code aud} here
     * changes the ID token's audience too).
     */
    public void willSay(String issuerId, String subject, List<String> audience, Map<String, Object> claims) {
        try {
            Class<?> callbackType = loader.loadClass("no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback");
            Object callback = callbackType.getConstructor(String.class, String.class, String.class, List.class,
                    Map.class, long.class).newInstance(issuerId, subject, "JWT", audience, claims, 3600L);
            call("enqueueCallback", new Class<?>[]{loader.loadClass("no.nav.security.mock.oauth2.token.OAuth2TokenCallback")},
                    callback);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(unwrap(e));
        }
    }

    @Override
    public void close() {
        try {
            call("shutdown", new Class<?>[0]);
        } finally {
            try {
                loader.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private Object call(String method, Class<?>[] types, Object... arguments) {
        try {
            return server.getClass().getMethod(method, types).invoke(server, arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mock-oauth2-server " + method + " failed", unwrap(e));
        }
    }

    private static Throwable unwrap(ReflectiveOperationException e) {
        return e instanceof InvocationTargetException invocation ? invocation.getCause() : e;
    }
}
