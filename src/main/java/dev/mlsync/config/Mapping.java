package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One YAML mapping together with its path, so that every value read from it is
 * env-substituted, type-checked and, when wrong, reported as {@code path.key: message}.
 * Getters return null for absent or invalid values; invalid ones are recorded as problems.
 * Values of secret keys are never echoed.
 */
final class Mapping {
    private static final int ECHO_LIMIT = 60;

    private final JsonNode node;
    private final String path;
    private final Placeholders placeholders;
    private final Problems problems;

    private Mapping(JsonNode node, String path, Placeholders placeholders, Problems problems) {
        this.node = node;
        this.path = path;
        this.placeholders = placeholders;
        this.problems = problems;
    }

    /** The node as a mapping, or null when it is not one (recorded as a problem). */
    static Mapping of(JsonNode node, String path, Placeholders placeholders, Problems problems) {
        if (!node.isObject()) {
            problems.add(path, "expected a mapping, was " + kind(node));
            return null;
        }
        return new Mapping(node, path, placeholders, problems);
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    /** Reports every key not in {@code allowed}, with a suggestion when one is close. */
    void allowOnly(Collection<String> allowed) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(pathOf(key), "unknown key" + DidYouMean.suffix(key, allowed));
            }
        });
    }

    /** The keys of this mapping, in document order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Present with a non-null value. */
    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    JsonNode get(String key) {
        return node.get(key);
    }

    Mapping mapping(String key) {
        return has(key) ? of(node.get(key), pathOf(key), placeholders, problems) : null;
    }

    /** The elements of a list value; empty when absent, null when not a list. */
    List<JsonNode> list(String key) {
        if (!has(key)) {
            return List.of();
        }
        JsonNode value = node.get(key);
        if (!value.isArray()) {
            problems.add(pathOf(key), "expected a list, was " + kind(value));
            return null;
        }
        List<JsonNode> elements = new ArrayList<>();
        value.forEach(elements::add);
        return elements;
    }

    String text(String key) {
        return has(key) ? text(node.get(key), pathOf(key), false) : null;
    }

    String requiredText(String key) {
        if (!has(key)) {
            problems.add(pathOf(key), "required");
            return null;
        }
        return text(key);
    }

    /** Like {@link #text} but the value is never echoed in a problem. */
    String secret(String key) {
        return has(key) ? text(node.get(key), pathOf(key), true) : null;
    }

    Integer integer(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        String at = pathOf(key);
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            String resolved = placeholders.resolve(value.textValue(), at);
            return resolved == null ? null : parseInt(resolved, at);
        }
        problems.add(at, "expected an integer, was " + echo(value));
        return null;
    }

    /** A decimal number (or a string holding one, after substitution); null when absent or invalid. */
    Double number(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        String at = pathOf(key);
        if (value.isNumber()) {
            return value.doubleValue();
        }
        String resolved = value.isTextual() ? placeholders.resolve(value.textValue(), at) : null;
        if (value.isTextual() && resolved == null) {
            return null;
        }
        try {
            if (resolved != null) {
                return Double.parseDouble(resolved.trim());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(at, "expected a number, was " + (resolved != null ? quote(resolved) : echo(value)));
        return null;
    }

    Boolean bool(String key) {
        if (!has(key)) {
            return null;
        }
        JsonNode value = node.get(key);
        String at = pathOf(key);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String resolved = value.isTextual() ? placeholders.resolve(value.textValue(), at) : null;
        if (value.isTextual() && resolved == null) {
            return null;
        }
        if ("true".equals(resolved) || "false".equals(resolved)) {
            return Boolean.valueOf(resolved);
        }
        problems.add(at, "expected true or false, was " + (resolved != null ? quote(resolved) : echo(value)));
        return null;
    }

    /** A string scalar at {@code at}, env-substituted; null with a problem when it is not a string. */
    String text(JsonNode value, String at, boolean secret) {
        if (value.isTextual()) {
            return placeholders.resolve(value.textValue(), at);
        }
        String shown = secret ? kind(value) : echo(value);
        String hint = value.isValueNode() && !secret ? " (put it in quotes if it is meant as text)" : "";
        problems.add(at, "expected a string, was " + shown + hint);
        return null;
    }

    private Integer parseInt(String text, String at) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            problems.add(at, "expected an integer, was " + quote(text));
            return null;
        }
    }

    /** What a value is, without its content: safe for secrets. */
    static String kind(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        return value.isNull() ? "empty" : "a string";
    }

    /** The value itself for scalars (shortened), the kind for collections. Not for secrets. */
    static String echo(JsonNode value) {
        if (value.isTextual()) {
            return quote(value.textValue());
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asText() + (value.isIntegralNumber() && !value.canConvertToInt() ? " (out of range)" : "");
        }
        return kind(value);
    }

    static String quote(String text) {
        String shown = text.length() > ECHO_LIMIT ? text.substring(0, ECHO_LIMIT) + "…" : text;
        return "\"" + shown + "\"";
    }
}
