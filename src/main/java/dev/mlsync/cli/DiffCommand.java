package dev.mlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.ListingDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlsync diff}: one record fetched from the provider now, against the replica, field by field. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Fetch one listing (or record) from the provider now and show every field that differs from "
                + "the replica. Exit 0 when they agree, 2 when they differ.")
final class DiffCommand implements Callable<Integer> {
    static final int DIFFERS = 2;

    @Mixin
    ConfigOption config;

    @Option(names = "--feed", paramLabel = "F", required = true, description = "the feed")
    String feedId;

    @Option(names = "--listing", paramLabel = "KEY", required = true, description = "the ListingKey (or record key)")
    String key;

    @Option(names = "--resource", paramLabel = "R", description = "resource of the record (default Property)")
    String resource = "Property";

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        MlsyncConfig loaded = config.load();
        FeedConfig feed = Feeds.select(loaded, feedId, config.effectivePath()).getFirst();
        if (!feed.resources().contains(resource)) {
            throw new ConfigException(List.of("--resource: feed " + feed.id() + " does not replicate \"" + resource
                    + "\" (resources: " + String.join(", ", feed.resources()) + ")"));
        }
        ListingDiff.Result result;
        try (App app = App.open(loaded)) {
            result = app.listingDiff().diff(feed, resource, key);
        }
        if (json) {
            System.out.println(Json.write(result));
        } else {
            print(result);
        }
        return result.fields().isEmpty() && result.inReplica() == result.atProvider() ? 0 : DIFFERS;
    }

    private static void print(ListingDiff.Result r) {
        String what = r.feedId() + " " + r.resource() + " " + r.key();
        if (!r.inReplica()) {
            System.out.println(what + ": the replica does not hold it" + (r.atProvider() ? "; the provider does" : ""));
        } else if (!r.atProvider()) {
            System.out.println(what + ": the provider no longer has it" + (r.replicaDeleted()
                    ? " (deleted in the replica too)" : "; the replica still holds it live"));
        } else if (r.replicaDeleted()) {
            System.out.println(what + ": deleted in the replica, but the provider still has it");
        }
        if (r.fields().isEmpty()) {
            System.out.println(what + ": no field differs");
            return;
        }
        int width = Math.max(5, r.fields().stream().mapToInt(f -> f.field().length()).max().orElse(5));
        System.out.printf("%-" + width + "s  %-40s  %s%n", "FIELD", "REPLICA", "PROVIDER");
        for (ListingDiff.FieldDifference f : r.fields()) {
            System.out.printf("%-" + width + "s  %-40s  %s%n", f.field(), shown(f.replica()), shown(f.provider()));
        }
    }

    private static String shown(JsonNode value) {
        if (value == null) {
            return "(absent)";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }
}
