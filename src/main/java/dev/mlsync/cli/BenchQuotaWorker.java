package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.StorageConfig;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.quota.QuotaHttpClient;
import dev.mlsync.quota.Sleeper;
import dev.mlsync.replicate.Replicator;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.replicate.SyncService;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.source.reso.ResoSource;
import dev.mlsync.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;

/**
 * One process of {@code mlsync bench quota}: full replications of Property, one after another, for
 * {@code --seconds}, under the chosen policy, and beside them photo downloads of the same feeds through the same
 * quota ({@code --media-workers}); prints what it replicated and downloaded as JSON.
 */
@Command(name = "quota-worker", hidden = true, description = "One process of bench quota (started by it).")
final class BenchQuotaWorker implements Callable<Integer> {
    /** How often pending photos of runs still going are queued for download (runs here rarely finish). */
    private static final Duration MEDIA_SWEEP = Duration.ofSeconds(2);

    @Option(names = "--database", required = true)
    String database;

    @Option(names = "--service-root", required = true)
    URI serviceRoot;

    @Option(names = "--token-url")
    String tokenUrl;

    @Option(names = "--originating-system")
    String originatingSystem;

    @Option(names = "--profile", required = true)
    String profile;

    @Option(names = "--feed", required = true)
    String feedId;

    @Option(names = "--seconds", required = true)
    int seconds;

    @Option(names = "--policy", required = true)
    String policy;

    @Option(names = "--page-size", required = true)
    int pageSize;

    @Option(names = "--limits", required = true)
    String limits;

    @Option(names = "--feeds", defaultValue = "1")
    int feeds;

    @Option(names = "--media-workers", defaultValue = "0")
    int mediaWorkers;

    private record Totals(long records, long media, int runs, int failed) {
    }

    @Override
    public Integer call() throws Exception {
        SimProfile simProfile = SimFeeds.profile(profile);
        Provider provider = Provider.valueOf(simProfile.name());
        AuthConfig auth = simProfile == SimProfile.TRESTLE
                ? AuthConfig.oauth2(tokenUrl, "mlsync-demo", SimFeeds.SIM_TOKEN, "api")
                : AuthConfig.bearer(SimFeeds.SIM_TOKEN);
        List<FeedConfig> all = new ArrayList<>();
        for (int i = 1; i <= feeds; i++) {
            all.add(new FeedConfig(feedId + "-" + i, provider, serviceRoot, auth, originatingSystem,
                    List.of("Property"), pageSize, ProfileOverrides.none(), rateLimits(SimLimits.parse(limits)), null));
        }
        Path photos = Path.of(".mlsync", "bench-quota-media", feedId);
        // Originals only: derivatives are CPU work (bench media measures them), not requests to the provider.
        MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), all)
                .withStorage(StorageConfig.filesystem(photos, null));
        config = config.withMedia(config.media().withDerivatives(List.of(), false));
        try (App app = App.over(config, Database.connect(database, "postgres", null), Clock.systemUTC());
             ExecutorService threads = Executors.newFixedThreadPool(feeds)) {
            FixedPause onePerProcess = new FixedPause(Duration.ofSeconds(5), Sleeper.system());
            if (policy.equals(BenchQuota.FIXED)) {
                app.decorateQuotas((feed, quota) -> onePerProcess);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long start = System.nanoTime();
            // Photo downloads of the same feeds, through the same credential's quota (media windows included).
            MediaWorkers downloads = mediaWorkers == 0 ? null : MediaWorkers.start(app.database().dataSource(), app.media(),
                    mediaWorkers, MEDIA_SWEEP, "bench-media-" + feedId);
            List<Future<Totals>> running = new ArrayList<>();
            for (FeedConfig feed : all) {
                SyncService sync = policy.equals(BenchQuota.FIXED) ? fixed(app, onePerProcess) : app.sync();
                running.add(threads.submit(() -> replicate(sync, feed, deadline)));
            }
            long records = 0;
            long media = 0;
            int runs = 0;
            int failed = 0;
            for (Future<Totals> totals : running) {
                records += totals.get().records();
                media += totals.get().media();
                runs += totals.get().runs();
                failed += totals.get().failed();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long downloaded = 0;
            if (downloads != null) {
                downloads.close();
                for (FeedConfig feed : all) {
                    downloaded += app.database().media().totals(feed.id()).stored();
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("feed", feedId);
            result.put("records", records);
            result.put("media", media);
            result.put("photos", downloaded);
            result.put("runs", runs);
            result.put("failed_runs", failed);
            result.put("seconds", elapsed);
            System.out.println(Json.write(result));
            return 0;
        }
    }

    /** Full replications of the feed's Property, one after another, until the deadline (the last one is cut short). */
    private static Totals replicate(SyncService sync, FeedConfig feed, long deadline) throws InterruptedException {
        RunListener untilDeadline = new RunListener() {
            @Override
            public boolean cancelled() {
                return System.nanoTime() >= deadline;
            }
        };
        long records = 0;
        long media = 0;
        int runs = 0;
        int failed = 0;
        while (System.nanoTime() < deadline) {
            for (RunResult run : sync.sync(feed, "Property", RunKind.FULL, "bench", untilDeadline)) {
                runs++;
                records += run.counts().records();
                media += run.counts().media();
                if (!run.succeeded() && !run.status().equals("cancelled")) {
                    failed++;
                    System.err.println("bench worker " + feed.id() + ": " + run.error());
                    Thread.sleep(1000);
                }
            }
        }
        return new Totals(records, media, runs, failed);
    }

    private static RateLimits rateLimits(SimLimits l) {
        return new RateLimits(positive(l.perSecond()), positive(l.perMinute()), positive(l.perHour()),
                positive(l.perDay()));
    }

    private static Integer positive(long limit) {
        return limit == 0 ? null : (int) limit;
    }

    /**
     * The hand-rolled baseline: one request at a time per process (whatever the number of feeds), 5 s apart;
     * failures retried 5 times, 10 s doubling to 60 s.
     */
    private static SyncService fixed(App app, FixedPause pause) {
        Sleeper sleeper = Sleeper.system();
        Replicator replicator = new Replicator(app.database().replica(), app.database().runs(), Clock.systemUTC(),
                new FixedBackoff(5, Duration.ofSeconds(10), Duration.ofSeconds(60), sleeper)::call);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new SyncService(replicator, f -> ResoSource.of(f, QuotaHttpClient.of(http, pause), Clock.systemUTC()));
    }
}
