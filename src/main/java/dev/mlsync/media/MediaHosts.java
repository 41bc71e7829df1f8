package dev.mlsync.media;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which media URLs a feed may fetch: http or https only, and, unless the feed allows private hosts, never a
 * host that resolves to a loopback, private (site-local, unique-local), link-local (cloud metadata),
 * any-local or multicast address, so a hostile Media record cannot make mlsync read internal services.
 * Photos served by the feed's own host (the host of its base URL, e.g. a simulator on 127.0.0.1) are allowed:
 * the operator chose that host. Every redirect hop is checked the same way.
 */
final class MediaHosts {
    /** Resolves a host name to its addresses (replaceable in tests). */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final String ownHost;
    private final boolean allowPrivate;
    private final Resolver resolver;

    MediaHosts(String ownHost, boolean allowPrivate, Resolver resolver) {
        this.ownHost = ownHost == null ? null : ownHost.toLowerCase(Locale.ROOT);
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    static MediaHosts of(MediaFeed feed) {
        return new MediaHosts(feed.ownHost(), feed.allowPrivateHosts(), InetAddress::getAllByName);
    }

    /** Throws a rejection naming the URL's problem; returns when the URL may be fetched. */
    void check(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw MediaFetchException.rejected("MediaURL scheme \"" + shorten(scheme) + ":\" is not allowed; "
                    + "only http and https are fetched");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            throw MediaFetchException.rejected("MediaURL has no host");
        }
        if (allowPrivate || host.toLowerCase(Locale.ROOT).equals(ownHost)) {
            return;
        }
        for (InetAddress address : addresses(host)) {
            if (isPrivate(address)) {
                throw MediaFetchException.rejected("MediaURL host " + shorten(host) + " is a loopback or private "
                        + "address (" + address.getHostAddress() + "); set feeds[].media.allowPrivateHosts: true "
                        + "to fetch photos from it");
            }
        }
    }

    private InetAddress[] addresses(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw MediaFetchException.retry("MediaURL host " + shorten(host) + " does not resolve", true);
        }
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xFE) == 0xFC; // unique local fc00::/7
        }
        return (bytes[0] & 0xFF) == 0 // "this network" 0.0.0.0/8
                || ((bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64); // carrier-grade NAT 100.64.0.0/10
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
