package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.store.MediaTotals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mlsync media}: downloads pending photos (and makes their derivatives) in the foreground until
 * every one is stored or failed, sharing the queue with any other mlsync process on the database.
 */
@Command(name = "media", mixinStandardHelpOptions = true,
        description = "Download pending photos into the object store now, with their derivatives.")
final class MediaCommand implements Callable<Integer> {
    /** Photos waiting for a retry later than this are left for the next run (or the service). */
    private static final Duration WAIT_FOR_RETRIES = Duration.ofMinutes(15);

    @Mixin
    ConfigOption config;

    @Option(names = "--feed", paramLabel = "ID", description = "only this feed (default: every feed)")
    String feedId;

    @Option(names = "--listing", paramLabel = "KEY", description = "only this listing's photos (needs --feed when "
            + "more than one feed is configured), ahead of everything else")
    String listingKey;

    @Option(names = "--retry-failed", description = "try failed photos again (all, or those of --feed/--listing)")
    boolean retryFailed;

    @Override
    public Integer call() throws InterruptedException {
        MlsyncConfig loaded = config.load();
        List<FeedConfig> feeds = Feeds.select(loaded, feedId, config.effectivePath());
        if (listingKey != null && feeds.size() > 1) {
            throw new dev.mlsync.config.ConfigException(List.of("--listing: name the feed with --feed as well"));
        }
        try (App app = App.open(loaded)) {
            System.out.println("Photos go to " + app.objectStore().describe());
            for (FeedConfig feed : feeds) {
                app.media().request(feed.id(), listingKey, retryFailed);
            }
            String onlyFeed = feeds.size() == 1 ? feeds.getFirst().id() : null;
            MediaTotals totals = run(app, onlyFeed, false);
            System.out.printf("%s: %d photos stored (%.1f MB), %d failed, %d pending, %d gone%n",
                    onlyFeed == null ? "all feeds" : onlyFeed, totals.stored(), totals.storedBytes() / 1e6,
                    totals.failed(), totals.pending(), totals.gone());
            return totals.failed() > 0 ? 1 : 0;
        }
    }

    /** Runs the configured number of workers until the work settles; the totals afterwards. */
    static MediaTotals run(App app, String feedId, boolean quiet) throws InterruptedException {
        try (MediaProgress progress = new MediaProgress(app.database().media(), feedId, quiet);
             MediaWorkers workers = MediaWorkers.start(app.database().dataSource(), app.media(),
                     app.config().media().workers(), app.config().media().sweepInterval(), null)) {
            app.media().queueMissingDerivatives();
            workers.awaitIdle(Instant.now().plus(WAIT_FOR_RETRIES), () -> false, progress::poll);
        }
        return app.database().media().totals(feedId);
    }
}
