package dev.mlsync.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a tree, defensively: bounded size and nesting, no aliases
 * (Jackson would silently read {@code *x} as the string "x"; refusing them also rules out
 * billion-laughs), no duplicate keys, one document. Problems carry {@code source:line:column}.
 */
final class YamlDocument {
    static final int MAX_CHARS = 1_000_000;
    static final int MAX_DEPTH = 32;

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_CHARS).maxStringLength(MAX_CHARS).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private YamlDocument() {
    }

    /** The root node (null for an empty document), or null with the problems recorded. */
    static JsonNode read(String yaml, String source, Problems problems) {
        if (yaml.length() > MAX_CHARS) {
            problems.add(source, "larger than " + MAX_CHARS / 1_000_000 + " MB; a configuration file is never this big");
            return null;
        }
        try {
            scan(yaml, source, problems);
            if (!problems.isEmpty()) {
                return null;
            }
            JsonNode root = MAPPER.readTree(yaml);
            return root == null || root.isMissingNode() || root.isNull() ? null : root;
        } catch (StreamConstraintsException e) {
            problems.add(source, "nested deeper than " + MAX_DEPTH + " levels; a configuration file never needs this");
        } catch (JsonProcessingException e) {
            addSyntaxProblem(source, e, problems);
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a string", e);
        }
        return null;
    }

    /** Token pass: rejects aliases, duplicate keys and extra documents before any tree is built. */
    private static void scan(String yaml, String source, Problems problems) throws IOException {
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(yaml)) {
            Deque<Set<String>> open = new ArrayDeque<>();
            boolean rootDone = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (rootDone) {
                    problems.add(at(source, parser), "only one YAML document is allowed");
                    return;
                }
                if (parser.isCurrentAlias()) {
                    problems.add(at(source, parser), "aliases (*" + parser.getText() + ") are not supported; write the value out");
                    return;
                }
                if (token == JsonToken.FIELD_NAME && !open.getFirst().add(parser.currentName())) {
                    problems.add(at(source, parser), "duplicate key \"" + parser.currentName() + "\"");
                }
                if (token.isStructStart()) {
                    open.push(new HashSet<>());
                } else if (token.isStructEnd()) {
                    open.pop();
                }
                rootDone = open.isEmpty() && token != JsonToken.FIELD_NAME;
            }
        }
    }

    private static String at(String source, YAMLParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private static void addSyntaxProblem(String source, JsonProcessingException e, Problems problems) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                Mark mark = marked.getProblemMark();
                String context = marked.getContext() == null ? "" : " (" + marked.getContext() + contextLine(marked) + ")";
                problems.add(source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1),
                        marked.getProblem() + context);
                return;
            }
        }
        JsonLocation location = e.getLocation();
        String message = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
        problems.add(location == null ? source : source + ":" + location.getLineNr() + ":" + location.getColumnNr(), message);
    }

    private static String contextLine(MarkedYAMLException marked) {
        Mark mark = marked.getContextMark();
        return mark == null ? "" : " started at line " + (mark.getLine() + 1);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS);
        options.setAllowDuplicateKeys(false);
        return options;
    }
}
