package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.replicate.ListingEdits;
import dev.mlsync.replicate.NotOpenException;
import dev.mlsync.store.ConflictRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsync conflicts}: conflicts between local edits and the MLS, and resolving one. */
@Command(name = "conflicts", mixinStandardHelpOptions = true,
        description = "List conflicts between local edits and the MLS (open ones by default), or resolve one: "
                + "--keep mls drops the override, --keep local keeps it.")
final class ConflictsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--feed", paramLabel = "F", description = "only this feed")
    String feed;

    @Option(names = "--status", paramLabel = "S", description = "open (default), resolved or all")
    String status;

    @Option(names = "--resolve", paramLabel = "ID", description = "resolve this open conflict (with --keep)")
    Long resolve;

    @Option(names = "--keep", paramLabel = "mls|local", description = "what a resolve keeps")
    String keep;

    @Option(names = "--by", paramLabel = "NAME", description = "who resolves (default: the OS user)")
    String by;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        if ((resolve == null) != (keep == null)) {
            throw new ConfigException(List.of("conflicts: --resolve ID and --keep mls|local go together"));
        }
        try (App app = App.open(config.load())) {
            ListingEdits edits = app.listingEdits();
            if (resolve != null) {
                try {
                    ConflictRow resolved = edits.resolve(resolve, keep, by != null ? by
                            : System.getProperty("user.name", "cli"));
                    if (!json) {
                        System.out.println("Resolved conflict " + resolved.id() + ": kept the "
                                + (keep.equals("mls") ? "MLS value" : "local value") + ".");
                    }
                    print(List.of(resolved));
                    return 0;
                } catch (NotOpenException e) {
                    System.err.println("mlsync: " + e.getMessage());
                    return 1;
                }
            }
            print(edits.conflicts(feed, status, ListingEdits.MAX_LIST));
            return 0;
        }
    }

    private void print(List<ConflictRow> conflicts) {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            conflicts.forEach(conflict -> rows.add(asMap(conflict)));
            System.out.println(Json.write(rows));
            return;
        }
        if (conflicts.isEmpty()) {
            System.out.println("No conflicts.");
            return;
        }
        System.out.printf("%-6s %-12s %-16s %-20s %-18s %-28s %-28s %-9s %s%n", "ID", "FEED", "LISTING", "FIELD",
                "KIND", "LOCAL", "MLS", "STATUS", "OPENED");
        for (ConflictRow c : conflicts) {
            System.out.printf("%-6d %-12s %-16s %-20s %-18s %-28s %-28s %-9s %s%n", c.id(), c.feedId(), c.listingKey(),
                    c.field() == null ? "(listing)" : c.field(), c.kind(), ListingCommand.cut(String.valueOf(c.localValueJson())),
                    ListingCommand.cut(String.valueOf(c.mlsValueJson())),
                    c.status() + (c.resolution() == null ? "" : " " + c.resolution()), c.openedAt());
        }
    }

    private static Map<String, Object> asMap(ConflictRow c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", c.id());
        row.put("feed", c.feedId());
        row.put("listingKey", c.listingKey());
        row.put("field", c.field());
        row.put("kind", c.kind());
        row.put("localValue", Json.parse(c.localValueJson()));
        row.put("mlsBefore", Json.parse(c.mlsBeforeJson()));
        row.put("mlsValue", Json.parse(c.mlsValueJson()));
        row.put("policy", c.policy());
        row.put("status", c.status());
        row.put("resolution", c.resolution());
        row.put("resolvedBy", c.resolvedBy());
        row.put("openedAt", c.openedAt().toString());
        row.put("resolvedAt", c.resolvedAt() == null ? null : c.resolvedAt().toString());
        return row;
    }
}
