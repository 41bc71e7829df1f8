package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.MlsyncException;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mlsync sync}: replicate the configured feeds now. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Replicate configured feeds into PostgreSQL now (incremental from the cursor).")
final class SyncCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--feed", paramLabel = "ID", description = "only this feed (default: every feed)")
    String feedId;

    @Option(names = "--resource", paramLabel = "R", description = "only this resource, e.g. Property, Member")
    String resource;

    @Option(names = "--full", description = "reload everything from the start instead of continuing from the cursor")
    boolean full;

    @Override
    public Integer call() {
        MlsyncConfig loaded = config.load();
        List<FeedConfig> feeds = Feeds.select(loaded, feedId, config.effectivePath());
        boolean failed = false;
        try (App app = App.open(loaded); ConsoleProgress progress = new ConsoleProgress(false, Clock.systemUTC())) {
            for (FeedConfig feed : feeds) {
                try {
                    List<RunResult> results = app.sync().sync(feed, resource,
                            full ? RunKind.FULL : RunKind.INCREMENTAL, "cli", progress);
                    progress.close();
                    for (RunResult result : results) {
                        print(System.out, result);
                        failed |= !result.succeeded();
                    }
                } catch (MlsyncException e) {
                    // One feed refusing (no cursor, busy elsewhere) must not keep the others from syncing.
                    progress.close();
                    System.out.println(feed.id() + ": not synced: " + e.getMessage());
                    failed = true;
                }
            }
        }
        return failed ? 1 : 0;
    }

    static void print(PrintStream out, RunResult r) {
        out.printf("%s %s: %s %s run %d in %.1fs — %d pages, %d requests, added %d, updated %d, deleted %d, "
                        + "unchanged %d, failed %d, media %d; cursor %s%n",
                r.feedId(), r.resource(), r.status(), r.kind().columnValue(), r.runId(),
                r.elapsed().toMillis() / 1000.0, r.pages(), r.requests(), r.counts().added(), r.counts().updated(),
                r.counts().deleted(), r.counts().unchanged(), r.counts().failed(), r.counts().media(),
                r.cursor().isEmpty() ? "-" : r.cursor().timestamp() + " " + r.cursor().key());
        if (r.error() != null) {
            out.println("  error: " + r.error());
        }
    }
}
