package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.ReconcileOptions;
import dev.mlsync.replicate.ReconcileResult;
import dev.mlsync.replicate.RunListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsync reconcile}: compare the provider's keys with the replica, delete what it dropped, fetch what is missing. */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "List every key and timestamp at the provider, soft-delete live records it no longer has and "
                + "re-fetch those missing or older here. Refuses (deleting nothing) when the listing fails, is empty, "
                + "or would delete more than lifecycle.maxDeleteShare.")
final class ReconcileCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--feed", paramLabel = "F", required = true, description = "the feed to reconcile")
    String feedId;

    @Option(names = "--resource", paramLabel = "R", description = "only this resource (default: every configured one)")
    String resource;

    @Option(names = "--dry-run", description = "report what would be deleted and re-fetched; change nothing")
    boolean dryRun;

    @Option(names = "--force", description = "delete even more than lifecycle.maxDeleteShare of the live records")
    boolean force;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        MlsyncConfig loaded = config.load();
        FeedConfig feed = Feeds.select(loaded, feedId, config.effectivePath()).getFirst();
        if (resource != null && !feed.resources().contains(resource)) {
            throw new ConfigException(List.of("--resource: feed " + feed.id() + " does not replicate \"" + resource
                    + "\" (resources: " + String.join(", ", feed.resources()) + ")"));
        }
        try (App app = App.open(loaded)) {
            List<ReconcileResult> results = app.reconciler().reconcileAll(feed, resource,
                    new ReconcileOptions(dryRun, force), "cli", new RunListener() { });
            print(results);
        }
        return 0;
    }

    private void print(List<ReconcileResult> results) {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ReconcileResult r : results) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("feed", r.feedId());
                row.put("resource", r.resource());
                row.put("providerKeys", r.providerKeys());
                row.put("live", r.live());
                row.put("deleted", r.deleted());
                row.put("toFetch", r.toFetch());
                row.put("restored", r.refetched().added());
                row.put("updated", r.refetched().updated());
                row.put("dryRun", r.dryRun());
                row.put("requests", r.requests());
                row.put("note", r.note());
                rows.add(row);
            }
            System.out.println(Json.write(rows));
            return;
        }
        for (ReconcileResult r : results) {
            System.out.println(r.feedId() + " " + r.resource() + ": " + r.providerKeys() + " keys at the provider, "
                    + r.live() + " live in the replica; " + (r.dryRun() ? "would delete " : "deleted ")
                    + r.deleted().size() + (r.dryRun() ? ", would re-fetch " : ", re-fetched ") + r.toFetch().size()
                    + (r.dryRun() ? "" : " (" + r.refetched().added() + " restored, " + r.refetched().updated()
                    + " updated)") + (r.note() == null ? "" : "; " + r.note()));
            if (!r.deleted().isEmpty()) {
                System.out.println("  deleted: " + preview(r.deleted()));
            }
            if (!r.toFetch().isEmpty()) {
                System.out.println("  re-fetch: " + preview(r.toFetch()));
            }
        }
    }

    private static String preview(List<String> keys) {
        return keys.size() <= 20 ? String.join(", ", keys)
                : String.join(", ", keys.subList(0, 20)) + " … (" + (keys.size() - 20) + " more)";
    }
}
