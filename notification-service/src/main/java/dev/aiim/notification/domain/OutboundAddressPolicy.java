package dev.aiim.notification.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where notifications may be sent (server-side request forgery guard). A channel URL must be https, carry
 * no credentials, name a host on the allow-list (when one is configured: exact names, or {@code *.domain}
 * for its subdomains), and resolve only to public addresses: never loopback, link-local (cloud metadata
 * at 169.254.169.254), private, carrier-grade NAT, multicast or reserved ranges, unless an admin allowed
 * private networks for that channel explicitly (an on-premises gateway). Checked when the channel is saved
 * and again before every delivery, against the addresses the delivery will connect to (DNS can change).
 */
public record OutboundAddressPolicy(List<String> allowedHosts) {

    /** Resolves a host name to every address it has (the JDK's resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The addresses the delivery may connect to, or why it may not. */
    public record Verdict(boolean allowed, String reason, List<InetAddress> addresses) {

        static Verdict refused(String reason) {
            return new Verdict(false, reason, List.of());
        }
    }

    public OutboundAddressPolicy {
        allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .toList();
    }

    public Verdict check(String url, boolean allowPrivateNetwork, Resolver resolver) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return Verdict.refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivateNetwork && scheme.equals("http"))) {
            return Verdict.refused("must be an https URL (plain http only for a channel allowed on private networks)");
        }
        if (uri.getRawUserInfo() != null) {
            return Verdict.refused("must not carry credentials in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Verdict.refused("has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!allowedHosts.isEmpty() && !allowed(host)) {
            return Verdict.refused("names host " + host + ", which is not on the outbound allow-list");
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Verdict.refused("names host " + host + ", which does not resolve");
        }
        if (addresses.isEmpty()) {
            return Verdict.refused("names host " + host + ", which does not resolve");
        }
        if (!allowPrivateNetwork) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    return Verdict.refused("resolves to " + address.getHostAddress() + ", a loopback, link-local,"
                            + " private or reserved address (an admin may allow private networks for this channel)");
                }
            }
        }
        return new Verdict(true, null, List.copyOf(addresses));
    }

    private boolean allowed(String host) {
        for (String pattern : allowedHosts) {
            if (pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an address is on the public internet. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return false; // unique local fc00::/7
            }
            boolean mappedV4 = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mappedV4 &= b[i] == 0;
            }
            if (mappedV4 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                int a = b[12] & 0xff;
                return a != 127 && a != 10 && !(a == 169 && (b[13] & 0xff) == 254)
                        && !(a == 172 && ((b[13] & 0xff) & 0xf0) == 16) && !(a == 192 && (b[13] & 0xff) == 168)
                        && isPublicV4(a, b[13] & 0xff, b[14] & 0xff);
            }
            // 2001:db8::/32 documentation, 64:ff9b::/96 NAT64 and the like are not worth a call either
            return !(first == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8);
        }
        return false;
    }

    private static boolean isPublicV4(int a, int b, int c) {
        return a != 0                                   // "this network"
                && !(a == 100 && (b & 0xc0) == 64)      // carrier-grade NAT 100.64.0.0/10
                && !(a == 192 && b == 0 && c == 0)      // IETF protocol assignments
                && !(a == 192 && b == 0 && c == 2)      // documentation
                && !(a == 198 && (b & 0xfe) == 18)      // benchmarking 198.18.0.0/15
                && !(a == 198 && b == 51 && c == 100)   // documentation
                && !(a == 203 && b == 0 && c == 113)    // documentation
                && a < 224;                              // multicast and reserved
    }
}
