package dev.attest.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is calling, as far as rate limits and the services are concerned. The TCP peer, unless it is one of the configured
 * proxies: then the nearest address in {@code Forwarded} / {@code X-Forwarded-For} that is not a proxy
 * (a client can prepend anything, so the list is read from the right). IPv6 addresses count per /64,
 * the block one subscriber usually gets.
 */
@Component
class ClientAddress {

    /** Set by the gateway on every request it passes on, replacing whatever the caller sent. */
    static final String HEADER = "X-Attest-Client-Address";

    /** @param trustedProxies addresses or CIDR blocks of the load balancers in front of the gateway */
    @ConfigurationProperties("attest.gateway")
    record Proxies(List<String> trustedProxies) {
        Proxies {
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern FORWARDED_FOR = Pattern.compile("(?i)(?:^|[;,\\s])for=\"?\\[?([0-9a-fA-F:.]+)");

    private final List<Block> proxies;

    ClientAddress(Proxies proxies) {
        this.proxies = proxies.trustedProxies().stream().map(Block::parse).toList();
    }

    /** A stable key for the caller: an IPv4 address, or an IPv6 /64 block. */
    String keyOf(ServerHttpRequest request) {
        InetAddress client = clientOf(request);
        return client == null ? "unknown" : group(client);
    }

    /** The caller's address as the services are told it ({@link #HEADER}); null if unknown. */
    String addressOf(ServerHttpRequest request) {
        InetAddress client = clientOf(request);
        return client == null ? null : client.getHostAddress();
    }

    private InetAddress clientOf(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        InetAddress client = peer == null ? null : peer.getAddress();
        if (client != null && isProxy(client)) {
            List<InetAddress> chain = forwardedChain(request);
            for (int i = chain.size() - 1; i >= 0; i--) {
                client = chain.get(i);
                if (!isProxy(client)) {
                    break;
                }
            }
        }
        return client;
    }

    private boolean isProxy(InetAddress address) {
        return proxies.stream().anyMatch(block -> block.contains(address));
    }

    /** The addresses a trusted proxy reported, nearest client last; anything that is not an IP literal ends it. */
    private static List<InetAddress> forwardedChain(ServerHttpRequest request) {
        List<InetAddress> chain = new ArrayList<>();
        List<String> forwarded = request.getHeaders().getOrEmpty("Forwarded");
        if (!forwarded.isEmpty()) {
            for (String header : forwarded) {
                var matcher = FORWARDED_FOR.matcher(header);
                while (matcher.find()) {
                    chain.add(literal(matcher.group(1)));
                }
            }
        } else {
            for (String header : request.getHeaders().getOrEmpty("X-Forwarded-For")) {
                for (String part : header.split(",")) {
                    chain.add(literal(part.strip()));
                }
            }
        }
        int firstUnparsable = chain.lastIndexOf(null);
        return chain.subList(firstUnparsable + 1, chain.size());
    }

    /** Parses an IP literal; never a host name, so a header cannot make the gateway ask DNS. */
    static InetAddress literal(String text) {
        String candidate = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!(IPV4.matcher(candidate).matches() || (candidate.contains(":") && IPV6.matcher(candidate).matches()))) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
    }

    static String group(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return address.getHostAddress();
        }
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }

    /** An address block in CIDR notation (a single address is its own /32 or /128). */
    record Block(byte[] network, int prefix) {

        static Block parse(String cidr) {
            String[] parts = cidr.strip().split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("attest.gateway.trusted-proxies: not an IP address or CIDR block: "
                        + cidr);
            }
            int bits = address.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("attest.gateway.trusted-proxies: bad prefix in " + cidr);
            }
            return new Block(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
