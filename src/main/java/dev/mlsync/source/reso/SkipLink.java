package dev.mlsync.source.reso;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Continues a page whose server sent no nextLink: the same query with {@code $skip} advanced. */
final class SkipLink {
    private static final String SKIP = "$skip";

    private SkipLink() {
    }

    /** {@code uri} with {@code $skip} raised by {@code records} (added when absent); null if $skip is not a number. */
    static String advance(URI uri, int records) {
        String current = parameter(uri, SKIP);
        long skip;
        try {
            skip = (current == null ? 0 : Long.parseLong(current.strip())) + records;
        } catch (NumberFormatException e) {
            return null;
        }
        List<String> params = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String param : uri.getRawQuery().split("&")) {
                if (!SKIP.equals(name(param))) {
                    params.add(param);
                }
            }
        }
        params.add(SKIP + "=" + skip);
        String base = uri.toString();
        int query = base.indexOf('?');
        return (query < 0 ? base : base.substring(0, query)) + "?" + String.join("&", params);
    }

    /** The decoded value of query parameter {@code name}, or null. */
    static String parameter(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String param : uri.getRawQuery().split("&")) {
            if (name.equals(name(param))) {
                int eq = param.indexOf('=');
                return eq < 0 ? "" : decode(param.substring(eq + 1));
            }
        }
        return null;
    }

    private static String name(String param) {
        int eq = param.indexOf('=');
        return decode(eq < 0 ? param : param.substring(0, eq));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
