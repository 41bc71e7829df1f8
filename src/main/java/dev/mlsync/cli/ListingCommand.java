package dev.mlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.replicate.ListingEdits;
import dev.mlsync.store.ListingField;
import dev.mlsync.store.OverrideRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsync listing}: local edits of one listing, through the service the API uses. */
@Command(name = "listing", mixinStandardHelpOptions = true, subcommands = ListingCommand.Edit.class,
        description = "Work with one replicated listing (see: mlsync listing edit --help).")
final class ListingCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("Usage: mlsync listing edit --feed F --key K --set Field=value … --unset Field … [--by NAME]");
        return 0;
    }

    /** {@code mlsync listing edit}: sets and removes overrides. */
    @Command(name = "edit", mixinStandardHelpOptions = true,
            description = "Override fields of a listing locally (the listing table keeps the MLS copy; "
                    + "listing_effective and the API show the edit). A value is read as JSON when it parses "
                    + "(499000, true, null, [\"a\",\"b\"], \"text\"), else as text; text fields (City, "
                    + "PostalCode, …) always take it as text unless it is a JSON string.")
    static final class Edit implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Mixin
        ConfigOption config;

        @Option(names = "--feed", paramLabel = "F", required = true, description = "the listing's feed")
        String feed;

        @Option(names = "--key", paramLabel = "K", required = true, description = "the ListingKey")
        String key;

        @Option(names = "--set", paramLabel = "Field=value", description = "override a field (repeatable)")
        List<String> set = new ArrayList<>();

        @Option(names = "--unset", paramLabel = "Field", description = "remove a field's override (repeatable)")
        List<String> unset = new ArrayList<>();

        @Option(names = "--by", paramLabel = "NAME", description = "who edits (default: the OS user)")
        String by;

        @Option(names = "--json", description = "print the listing's overrides as JSON")
        boolean json;

        @Override
        public Integer call() {
            if (set.isEmpty() && unset.isEmpty()) {
                throw new ConfigException(List.of("listing edit: give --set Field=value or --unset Field"));
            }
            Map<String, JsonNode> values = values(set);
            for (String field : unset) {
                if (values.containsKey(field)) {
                    throw new ConfigException(List.of("listing edit: " + field + " is both set and unset"));
                }
            }
            String who = by != null ? by : System.getProperty("user.name", "cli");
            try (App app = App.open(config.load())) {
                ListingEdits edits = app.listingEdits();
                if (!values.isEmpty()) {
                    edits.set(feed, key, values, who);
                }
                for (String field : unset) {
                    edits.unset(feed, key, field, who);
                }
                print(edits.overrides(feed, key));
                return 0;
            }
        }

        static Map<String, JsonNode> values(List<String> assignments) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int equals = assignment.indexOf('=');
                if (equals <= 0) {
                    throw new ConfigException(List.of("listing edit: --set takes Field=value, was \"" + assignment + "\""));
                }
                String field = assignment.substring(0, equals);
                if (values.put(field, value(field, assignment.substring(equals + 1))) != null) {
                    throw new ConfigException(List.of("listing edit: " + field + " is set twice"));
                }
            }
            return values;
        }

        private static JsonNode value(String field, String text) {
            JsonNode parsed;
            try {
                parsed = JSON.readTree(text);
            } catch (Exception e) {
                parsed = null;
            }
            boolean textField = ListingField.of(field).map(f -> f.type() == ListingField.Type.TEXT).orElse(false);
            if (parsed == null || parsed.isMissingNode() || (textField && !parsed.isTextual() && !parsed.isNull())) {
                return TextNode.valueOf(text);
            }
            return parsed;
        }

        private void print(List<OverrideRow> overrides) {
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (OverrideRow row : overrides) {
                    Map<String, Object> map = new LinkedHashMap<>();
                    map.put("field", row.field());
                    map.put("value", Json.parse(row.valueJson()));
                    map.put("mlsValue", Json.parse(row.mlsValueJson()));
                    map.put("setBy", row.setBy());
                    map.put("setAt", row.setAt().toString());
                    rows.add(map);
                }
                System.out.println(Json.write(rows));
                return;
            }
            if (overrides.isEmpty()) {
                System.out.println("Listing " + key + " of feed " + feed + " has no overrides: it shows the MLS values.");
                return;
            }
            System.out.printf("%-24s %-28s %-28s %-16s %s%n", "FIELD", "LOCAL VALUE", "MLS VALUE", "SET BY", "SET AT");
            for (OverrideRow row : overrides) {
                System.out.printf("%-24s %-28s %-28s %-16s %s%n", row.field(), cut(row.valueJson()),
                        cut(String.valueOf(row.mlsValueJson())), row.setBy(), row.setAt());
            }
        }
    }

    static String cut(String text) {
        return text.length() > 28 ? text.substring(0, 25) + "..." : text;
    }
}
