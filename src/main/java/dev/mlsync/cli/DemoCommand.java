package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.jobs.JobKind;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.ChangeSummary;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.MediaTotals;
import dev.mlsync.store.ReplicaTotals;
import dev.mlsync.web.AdminServer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
            description = "simulated provider: mlsgrid, trestle, bridge, spark, reso, rets (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--seed", defaultValue = "42", description = "dataset seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-serve", description = "exit after the summary instead of keeping the database and simulator up")
    boolean noServe;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Option(names = "--bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "where the dashboard listens unless --no-serve (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--tick-seconds", paramLabel = "S", defaultValue = "20",
            description = "every S seconds the simulator advances 5 minutes and an incremental sync is queued "
                    + "(default: ${DEFAULT-VALUE})")
    int tickSeconds;

    private Shutdown shutdown;

    @Override
    public Integer call() throws InterruptedException {
        try {
            return demo();
        } finally {
            if (shutdown != null) {
                shutdown.finished();
            }
        }
    }

    private Integer demo() throws InterruptedException {
        SimFeeds.listings(listings);
        ServerConfig server = noServe ? null : demoServer();
        SimProfile simProfile = SimFeeds.profile(profile);
        long started = System.nanoTime();
        MlsyncConfig base = config.load();
        try (Simulator sim = Simulator.start(SimOptions.of(listings).withSeed(seed).withProfile(simProfile)
                .withToken(SimFeeds.SIM_TOKEN))) {
            // The demo's own ticks queue its incremental syncs; no schedule besides them.
            FeedConfig feed = SimFeeds.feed(FEED_ID, SimFeeds.Endpoint.of(sim), simProfile,
                    simProfile == SimProfile.RETS ? FeedConfig.DEFAULT_RESOURCES : RESOURCES)
                    .withSchedule(new ScheduleConfig(null, null));
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
                    serve(app, sim, feed, server);
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

    /** A one-time admin token for this run; the address checked before anything starts. */
    private ServerConfig demoServer() {
        if (tickSeconds < 1) {
            throw new ConfigException(List.of("--tick-seconds: must be at least 1, was " + tickSeconds));
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        ServerConfig server = ServeCommand.withBind(ServerConfig.ofDefaults(), bind)
                .withAdminToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        AdminServer.requireTokenOffLoopback(server);
        return server;
    }

    /**
     * Serves the dashboard while the simulator's change stream ticks: every tick advances it five simulated
     * minutes and queues an incremental sync job (skipped while one is still open), which the process's
     * workers run, so the dashboard shows jobs arriving. Ctrl-C stops the ticks, the server and the workers.
     */
    private void serve(App app, Simulator sim, FeedConfig feed, ServerConfig server) throws InterruptedException {
        shutdown = Shutdown.onSignal();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-ticker");
            thread.setDaemon(true);
            return thread;
        });
        try (App.Serving serving = app.serve(server)) {
            System.out.println();
            System.out.println("The dashboard, the database and the simulator stay up until you press Ctrl-C:");
            System.out.println("  dashboard:   " + serving.http().uri() + "   admin token (this run only): "
                    + server.adminToken());
            System.out.println("  API:         curl -H 'Authorization: Bearer " + server.adminToken() + "' "
                    + serving.http().uri() + "api/feeds");
            System.out.println("  metrics:     " + serving.http().uri() + "metrics");
            System.out.println("  database:    " + app.database().description());
            if (feed.rets() != null) {
                System.out.println("  simulator:   " + feed.baseUrl() + "   (RETS Login, Digest, user "
                        + feed.auth().username() + ")");
            } else {
                System.out.println("  simulator:   " + sim.serviceRoot() + "Property?$top=1   (Authorization: Bearer "
                        + "<any token>)");
            }
            System.out.println("  try:         SELECT city, count(*), avg(list_price) FROM listing WHERE feed_id = "
                    + "'demo' AND deleted_at IS NULL GROUP BY city;");
            System.out.println("Every " + tickSeconds + " s the simulated MLS moves 5 minutes on and an incremental "
                    + "sync is queued.");
            ticker.scheduleWithFixedDelay(() -> tick(app, sim, feed), tickSeconds, tickSeconds, TimeUnit.SECONDS);
            shutdown.awaitSignal();
            System.out.println("Stopping: the ticks, then the server and the workers, then the database.");
            ticker.shutdownNow();
        }
    }

    private static void tick(App app, Simulator sim, FeedConfig feed) {
        try {
            ChangeSummary changes = sim.advance(Duration.ofMinutes(5));
            boolean queued = app.jobs().submitScheduled(feed.id(), JobKind.INCREMENTAL).isPresent();
            LoggerFactory.getLogger(DemoCommand.class).info("demo: the simulated MLS moved 5 minutes on ({} new, {} "
                    + "price changes, {} deleted); {}", changes.created(), changes.priceChanges(), changes.deleted(),
                    queued ? "incremental sync queued" : "the previous sync is still going");
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(DemoCommand.class).warn("demo: tick failed ({}); the next tick tries again",
                    e.toString());
        }
    }

    private void log(String line) {
        if (!json) {
            System.out.println(line);
        }
    }
}
