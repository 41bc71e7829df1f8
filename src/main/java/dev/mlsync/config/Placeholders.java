package dev.mlsync.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in a scalar with environment variables;
 * {@code $${} stands for a literal {@code ${}. Substituted text is not scanned again.
 * Problems name the variable, never the value, so secrets stay out of messages.
 */
final class Placeholders {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> env;
    private final Problems problems;

    Placeholders(Map<String, String> env, Problems problems) {
        this.env = env;
        this.problems = problems;
    }

    /** The value with placeholders replaced, or null when one could not be (the problem is recorded). */
    String resolve(String raw, String path) {
        if (!raw.contains("${")) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        boolean resolved = true;
        int i = 0;
        while (i < raw.length()) {
            if (raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(path, "unterminated \"${\"; write \"$${\" for a literal \"${\"");
                    return null;
                }
                String value = lookup(raw.substring(i + 2, end), path);
                resolved &= value != null;
                out.append(value == null ? "" : value);
                i = end + 1;
            } else {
                out.append(raw.charAt(i++));
            }
        }
        return resolved ? out.toString() : null;
    }

    private String lookup(String expression, String path) {
        int split = expression.indexOf(":-");
        String name = split < 0 ? expression : expression.substring(0, split);
        if (!NAME.matcher(name).matches()) {
            problems.add(path, "invalid environment variable name \"" + name + "\"; use ${NAME} or ${NAME:-default}");
            return null;
        }
        String value = env.get(name);
        if (split >= 0 && (value == null || value.isEmpty())) {
            return expression.substring(split + 2);
        }
        if (value == null) {
            problems.add(path, "environment variable " + name + " is not set");
        }
        return value;
    }
}
