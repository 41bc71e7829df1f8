package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.ChangeSummary;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.MediaTotals;
import dev.mlsync.store.ReplicaTotals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code mlsync demo}: starts the simulated MLS in-process, replicates it into the configured database
 * (embedded PostgreSQL under ./.mlsync/pg by default) as feed {@code demo}, lets an hour of simulated
 * changes happen, replicates them incrementally, and prints what the replica holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replicate the built-in simulated MLS into embedded PostgreSQL and show the result.")
final class DemoCommand implements Callable<Integer> {
    static final String FEED_ID = "demo";
    private static final List<String> RESOURCES = List.of("Property", "Member", "Office", "OpenHouse");

    @Mixin
    ConfigOption config;

    /** 300 listings bring about 6,000 photos: a demo of a few minutes at most, photos included. */
    @Option(names = "--listings", paramLabel = "N", defaultValue = "300", description = "simulated listings (default: ${DEFAULT-VALUE})")
    int listings;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "reso",
            description = "simulated provider: mlsgrid, trestle, bridge, spark, reso (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--seed", defaultValue = "42", description = "dataset seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-serve", description = "exit after the summary instead of keeping the database and simulator up")
    boolean noServe;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        SimFeeds.listings(listings);
        SimProfile simProfile = SimFeeds.profile(profile);
        long started = System.nanoTime();
        MlsyncConfig base = config.load();
        try (Simulator sim = Simulator.start(SimOptions.of(listings).withSeed(seed).withProfile(simProfile)
                .withToken(SimFeeds.SIM_TOKEN))) {
            FeedConfig feed = SimFeeds.feed(FEED_ID, SimFeeds.Endpoint.of(sim), simProfile, RESOURCES);
            MlsyncConfig demoConfig = SimFeeds.config(base.database(), feed);
            try (App app = App.open(demoConfig); ConsoleProgress progress = new ConsoleProgress(json, Clock.systemUTC())) {
                log("Replicating " + listings + " simulated listings (" + profile + " profile) into "
                        + app.database().description());
                app.database().replica().purgeFeed(FEED_ID);
                List<RunResult> runs = new ArrayList<>(app.sync().sync(feed, null, RunKind.FULL, "demo", progress));
                ChangeSummary changes = sim.advance(Duration.ofMinutes(60));
                log("Simulated an hour of MLS activity: " + changes.created() + " new, " + changes.priceChanges()
                        + " price changes, " + changes.statusChanges() + " status changes, " + changes.photoChanges()
                        + " photo changes, " + changes.deleted() + " deleted; replicating incrementally");
                runs.addAll(app.sync().sync(feed, null, RunKind.INCREMENTAL, "demo", progress));
                progress.close();
                log("Downloading the photos into " + app.objectStore().describe());
                MediaTotals media = MediaCommand.run(app, FEED_ID, json);
                ReplicaTotals totals = app.database().status().totals(FEED_ID);
                double seconds = (System.nanoTime() - started) / 1e9;
                report(runs, totals, media, seconds);
                boolean failed = runs.stream().anyMatch(r -> !r.succeeded());
                if (!noServe && !failed) {
                    serve(app, sim);
                }
                return failed ? 1 : 0;
            }
        }
    }

    private void report(List<RunResult> runs, ReplicaTotals totals, MediaTotals media, double seconds) {
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("listings", totals.listings());
            summary.put("media", totals.media());
            summary.put("records", totals.records());
            summary.put("runs", runs.size());
            summary.put("errors", totals.errors());
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            summary.put("media_stored", media.stored());
            summary.put("media_failed", media.failed());
            summary.put("media_bytes", media.storedBytes());
            System.out.println(Json.write(summary));
            return;
        }
        runs.forEach(r -> SyncCommand.print(System.out, r));
        System.out.printf("%nThe replica (feed \"%s\") now holds %d listings with %d media records, %d other records "
                        + "(Member, Office, OpenHouse); %d runs, %d open errors; %.1f s in all.%n", FEED_ID,
                totals.listings(), totals.media(), totals.records(), runs.size(), totals.errors(), seconds);
        System.out.printf("Photos: %d stored (%.1f MB, %d derivatives), %d failed, %d pending.%n", media.stored(),
                media.storedBytes() / 1e6, media.derivatives(), media.failed(), media.pending());
    }

    private void serve(App app, Simulator sim) throws InterruptedException {
        System.out.println();
        System.out.println("The database and the simulator stay up until you press Ctrl-C:");
        System.out.println("  database:  " + app.database().description());
        System.out.println("  simulator: " + sim.serviceRoot() + "Property?$top=1   (Authorization: Bearer "
                + "<any token>)");
        System.out.println("  try:       SELECT city, count(*), avg(list_price) FROM listing WHERE feed_id = 'demo' "
                + "AND deleted_at IS NULL GROUP BY city;");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
    }

    private void log(String line) {
        if (!json) {
            System.out.println(line);
        }
    }
}
