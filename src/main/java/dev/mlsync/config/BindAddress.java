package dev.mlsync.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code mlsync serve} listens: {@code host:port}, IPv6 in brackets ({@code [::1]:8080}).
 * Port 0 picks a free port.
 */
public record BindAddress(String host, int port) {
    public static final BindAddress DEFAULT = new BindAddress("127.0.0.1", 8080);
    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.\\-]+):(\\d{1,5})");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    public BindAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    /** Parses {@code host:port}; the message of the exception says what is wrong. */
    public static BindAddress parse(String text) {
        Matcher matcher = FORM.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected host:port such as 127.0.0.1:8080 or [::1]:8080, was \""
                    + text + "\"");
        }
        String host = matcher.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(matcher.group(2));
        if (port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        return new BindAddress(host, port);
    }

    /**
     * True for addresses only this machine can reach. Decided from the text alone (no DNS lookup): any name
     * other than {@code localhost} counts as reachable from elsewhere.
     */
    public boolean loopback() {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        Matcher v4 = IPV4.matcher(h);
        return v4.matches() && v4.group(1).equals("127");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
