package dev.mlsync.source.reso;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Continues a page whose server sent no nextLink: the same query with {@code $skip} advanced. */
final class SkipLink {
    private static final String SKIP = "$skip";
    private static final String TOP = "$top";

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

    /**
     * Records {@code [skip, skip + top)} of the page {@code uri} asks for: {@code $top} replaced, {@code $skip}
     * raised by {@code skip}. Only for a page {@link #splittableTop} says can be windowed.
     */
    static URI window(URI uri, int skip, int top) {
        String current = parameter(uri, SKIP);
        long from = (current == null ? 0 : Long.parseLong(current.strip())) + skip;
        List<String> params = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String param : uri.getRawQuery().split("&")) {
                if (!SKIP.equals(name(param)) && !TOP.equals(name(param))) {
                    params.add(param);
                }
            }
        }
        params.add(TOP + "=" + top);
        if (from > 0) {
            params.add(SKIP + "=" + from);
        }
        String base = uri.toString();
        int query = base.indexOf('?');
        return URI.create((query < 0 ? base : base.substring(0, query)) + "?" + String.join("&", params));
    }

    /**
     * The {@code $top} of a page whose records can be asked for by window ({@code $top} and a numeric or absent
     * {@code $skip}, no opaque {@code $skiptoken}), or 0 when they cannot.
     */
    static int splittableTop(URI uri) {
        if (parameter(uri, "$skiptoken") != null) {
            return 0;
        }
        try {
            String skip = parameter(uri, SKIP);
            if (skip != null) {
                Long.parseLong(skip.strip());
            }
            String top = parameter(uri, TOP);
            return top == null ? 0 : Math.max(0, Integer.parseInt(top.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
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
