package dev.mlsync.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a feed's {@code rets:} block; present exactly when the provider is {@code rets}. */
final class RetsBinder {
    private static final List<String> KEYS = List.of("resource", "class", "keyField", "timestampField", "fieldMap",
            "format", "photos", "photoType", "version");
    /** Names go into DMQL2 queries and GetObject requests, so they must be plain identifiers. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("RETS/1\\.(5|7|7\\.2|8)");

    private RetsBinder() {
    }

    static RetsConfig bind(Mapping feed, Provider provider) {
        Mapping rets = feed.mapping("rets");
        if (provider != Provider.RETS) {
            if (rets != null) {
                feed.problems().add(feed.pathOf("rets"), "only for provider rets");
            }
            return null;
        }
        if (rets == null) {
            feed.problems().add(feed.pathOf("rets"), "required for provider rets (at least rets.class)");
            return null;
        }
        rets.allowOnly(KEYS);
        return new RetsConfig(name(rets, "resource"), classes(rets), name(rets, "keyField"),
                name(rets, "timestampField"), fieldMap(rets), choice(rets, "format", RetsConfig.Format.class),
                choice(rets, "photos", RetsConfig.Photos.class), name(rets, "photoType"), version(rets));
    }

    private static String name(Mapping rets, String key) {
        return checkedName(rets.text(key), rets.pathOf(key), rets.problems());
    }

    /** {@code class: A} or {@code class: [A, B]}. */
    private static List<String> classes(Mapping rets) {
        if (!rets.has("class")) {
            rets.problems().add(rets.pathOf("class"), "required (the RETS class to search, e.g. A or RE_1, or a list)");
            return List.of();
        }
        if (!rets.get("class").isArray()) {
            String one = name(rets, "class");
            return one == null ? List.of() : List.of(one);
        }
        List<String> classes = new java.util.ArrayList<>();
        List<com.fasterxml.jackson.databind.JsonNode> nodes = rets.list("class");
        for (int i = 0; i < nodes.size(); i++) {
            String path = rets.pathOf("class") + "[" + i + "]";
            String one = checkedName(rets.text(nodes.get(i), path, false), path, rets.problems());
            if (one != null && classes.contains(one)) {
                rets.problems().add(path, "duplicate class " + Mapping.quote(one));
            } else if (one != null) {
                classes.add(one);
            }
        }
        if (nodes.isEmpty()) {
            rets.problems().add(rets.pathOf("class"), "must list at least one class");
        }
        return classes;
    }

    private static String checkedName(String value, String path, Problems problems) {
        if (value != null && !NAME.matcher(value).matches()) {
            problems.add(path, "must be a RETS system name like LIST_22 or ListPrice, was " + Mapping.quote(value));
            return null;
        }
        return value;
    }

    private static Map<String, String> fieldMap(Mapping rets) {
        Mapping map = rets.mapping("fieldMap");
        Map<String, String> fields = new LinkedHashMap<>();
        if (map == null) {
            return fields;
        }
        map.keys().forEach(system -> {
            String path = map.pathOf(system);
            String reso = checkedName(map.text(system), path, map.problems());
            if (checkedName(system, path, map.problems()) != null && reso != null) {
                fields.put(system, reso);
            }
        });
        return fields;
    }

    private static <E extends Enum<E>> E choice(Mapping rets, String key, Class<E> type) {
        String value = rets.text(key);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (wire(constant).equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(RetsBinder::wire).toList();
        rets.problems().add(rets.pathOf(key), "must be one of " + String.join(", ", names) + ", was "
                + Mapping.quote(value));
        return null;
    }

    private static String wire(Enum<?> constant) {
        return constant instanceof RetsConfig.Format format ? format.wireName()
                : constant.name().toLowerCase(Locale.ROOT);
    }

    private static String version(Mapping rets) {
        String value = rets.text("version");
        if (value != null && !VERSION.matcher(value).matches()) {
            rets.problems().add(rets.pathOf("version"), "must be RETS/1.5, RETS/1.7, RETS/1.7.2 or RETS/1.8, was "
                    + Mapping.quote(value));
            return null;
        }
        return value;
    }
}
