package dev.attest.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    final ClientAddress behindProxies = new ClientAddress(new ClientAddress.Proxies(List.of("10.0.0.0/8", "::1")));

    @Test
    void aCallerThatIsNoProxyIsCountedByItsOwnAddressWhateverItClaims() {
        var request = MockServerHttpRequest.post("/api/v1/auth/login").remoteAddress(peer("198.51.100.7"))
                .header("X-Forwarded-For", "203.0.113.1").header("Forwarded", "for=203.0.113.2").build();
        assertThat(behindProxies.keyOf(request)).isEqualTo("198.51.100.7");
    }

    @Test
    void behindATrustedProxyTheNearestUntrustedForwardedAddressCounts() {
        var request = MockServerHttpRequest.post("/").remoteAddress(peer("10.1.2.3"))
                .header("X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.9.9.9").build();
        assertThat(behindProxies.keyOf(request)).as("1.1.1.1 was prepended by the client").isEqualTo("203.0.113.9");
    }

    @Test
    void theStandardForwardedHeaderIsReadToo() {
        var request = MockServerHttpRequest.post("/").remoteAddress(peer("10.1.2.3"))
                .header("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\"").build();
        assertThat(behindProxies.keyOf(request)).isEqualTo("20010db8cafe0000::/64");
    }

    @Test
    void hostNamesAndGarbageAreNeverResolved() {
        var request = MockServerHttpRequest.post("/").remoteAddress(peer("10.1.2.3"))
                .header("X-Forwarded-For", "attacker.example, 203.0.113.5").build();
        assertThat(behindProxies.keyOf(request)).isEqualTo("203.0.113.5");
        var onlyGarbage = MockServerHttpRequest.post("/").remoteAddress(peer("10.1.2.3"))
                .header("X-Forwarded-For", "localhost").build();
        assertThat(behindProxies.keyOf(onlyGarbage)).as("falls back to the proxy itself").isEqualTo("10.1.2.3");
        assertThat(ClientAddress.literal("example.com")).isNull();
    }

    @Test
    void ipv6AddressesAreGroupedBySlash64() {
        var a = MockServerHttpRequest.post("/").remoteAddress(peer("2001:db8:1:2::1")).build();
        var b = MockServerHttpRequest.post("/").remoteAddress(peer("2001:db8:1:2:ffff::9")).build();
        var c = MockServerHttpRequest.post("/").remoteAddress(peer("2001:db8:1:3::1")).build();
        ClientAddress direct = new ClientAddress(new ClientAddress.Proxies(List.of()));
        assertThat(direct.keyOf(a)).isEqualTo(direct.keyOf(b)).isNotEqualTo(direct.keyOf(c));
    }

    @Test
    void aMisconfiguredProxyListStopsTheStart() {
        assertThatThrownBy(() -> new ClientAddress(new ClientAddress.Proxies(List.of("proxy.internal"))))
                .hasMessageContaining("trusted-proxies");
        assertThatThrownBy(() -> new ClientAddress(new ClientAddress.Proxies(List.of("10.0.0.0/33"))))
                .hasMessageContaining("trusted-proxies");
    }

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(ClientAddress.literal(address), 40000);
    }
}
