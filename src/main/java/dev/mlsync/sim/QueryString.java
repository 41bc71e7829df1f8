package dev.mlsync.sim;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A request's query parameters, decoded ({@code %xx} and {@code +} as space), in their original order. */
record QueryString(List<Param> params) {

    record Param(String name, String value) {
    }

    static QueryString parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String name = eq < 0 ? pair : pair.substring(0, eq);
                    String value = eq < 0 ? "" : pair.substring(eq + 1);
                    params.add(new Param(decode(name), decode(value)));
                }
            }
        }
        return new QueryString(List.copyOf(params));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SimHttpException.badRequest("Malformed percent-encoding in query string: '" + text + "'");
        }
    }

    String get(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    /** This query with {@code name} removed and {@code name=value} appended, percent-encoded. */
    String with(String name, String value) {
        StringBuilder out = new StringBuilder();
        for (Param p : params) {
            if (!p.name().equals(name) && !p.name().equals("$skip") && !p.name().equals("$skiptoken")) {
                append(out, p.name(), p.value());
            }
        }
        append(out, name, value);
        return out.toString();
    }

    private static void append(StringBuilder out, String name, String value) {
        if (!out.isEmpty()) {
            out.append('&');
        }
        out.append(encode(name)).append('=').append(encode(value));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$")
                .replace("%2C", ",").replace("%28", "(").replace("%29", ")").replace("%3A", ":");
    }
}
