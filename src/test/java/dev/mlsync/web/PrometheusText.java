package dev.mlsync.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), enough to prove {@code /metrics}
 * is well formed: every sample line is {@code name{labels} value}, every family is declared once by
 * {@code # TYPE} before its samples, label values are properly quoted.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> seenFamilies = new HashSet<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                require(parts.length == 4 && NAME.matcher(parts[2]).matches() && TYPES.contains(parts[3]),
                        lineNumber, line);
                require(types.put(parts[2], parts[3]) == null, lineNumber, "family declared twice: " + line);
                continue;
            }
            if (line.startsWith("#")) {
                require(line.startsWith("# HELP ") || line.startsWith("# EOF"), lineNumber, line);
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            require(sample.matches(), lineNumber, line);
            String name = sample.group(1);
            require(types.containsKey(family(name, types)), lineNumber, "sample without # TYPE: " + line);
            seenFamilies.add(family(name, types));
            samples.add(new Sample(name, labels(sample.group(3), lineNumber, line), value(sample.group(4), lineNumber,
                    line)));
        }
        return samples;
    }

    private static String family(String name, Map<String, String> types) {
        for (String suffix : List.of("_total", "_count", "_sum", "_max", "_bucket", "_created")) {
            if (!types.containsKey(name) && name.endsWith(suffix)
                    && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private static Map<String, String> labels(String text, int lineNumber, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (label.find() && label.start() == at) {
            require(labels.put(label.group(1), label.group(2)) == null, lineNumber, "repeated label: " + line);
            at = label.end();
            if (at < text.length()) {
                require(text.charAt(at) == ',', lineNumber, line);
                at++;
            }
        }
        require(at == text.length(), lineNumber, "bad labels: " + line);
        return labels;
    }

    private static double value(String text, int lineNumber, String line) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + lineNumber + ": bad value: " + line);
                }
        }
    }

    private static void require(boolean condition, int lineNumber, String what) {
        if (!condition) {
            throw new AssertionError("not Prometheus text, line " + lineNumber + ": " + what);
        }
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels}. */
    static double sum(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }
}
