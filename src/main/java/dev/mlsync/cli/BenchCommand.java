package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code mlsync bench ...}: measured performance, printed as JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (JSON output).",
        subcommands = {BenchCommand.Ingest.class, BenchQuota.class, BenchQuotaWorker.class, BenchMedia.class,
                BenchChaos.class})
final class BenchCommand {

    /**
     * Replicates N simulated listings with expanded Media from a loopback simulator (its own process)
     * into a fresh database; the heap figure is mlsync's own.
     */
    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Full load of N simulated listings (with Media) into a fresh database; prints throughput.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--listings", paramLabel = "N", defaultValue = "100000", description = "listings (default: ${DEFAULT-VALUE})")
        int listings;

        @Option(names = "--profile", defaultValue = "reso", description = "simulated provider (default: ${DEFAULT-VALUE})")
        String profile;

        @Option(names = "--page-size", defaultValue = "1000", description = "page size (default: ${DEFAULT-VALUE})")
        int pageSize;

        @Option(names = "--database", paramLabel = "URL",
                description = "JDBC URL of an empty PostgreSQL to use instead of a fresh embedded one")
        String database;

        @Option(names = "--json", description = "print only the JSON result on stdout")
        boolean json;

        @Override
        public Integer call() throws IOException, InterruptedException {
            SimFeeds.listings(listings);
            SimProfile simProfile = SimFeeds.profile(profile);
            DatabaseConfig db = database != null ? new DatabaseConfig(database, System.getenv("MLSYNC_DB_USER"),
                    System.getenv("MLSYNC_DB_PASSWORD"), null) : freshEmbedded();
            try (SimProcess sim = SimProcess.start(listings, simProfile)) {
                FeedConfig base = SimFeeds.feed("bench", sim.endpoint(), simProfile, List.of("Property"));
                FeedConfig feed = new FeedConfig(base.id(), base.provider(), base.baseUrl(), base.auth(),
                        base.originatingSystem(), base.resources(), pageSize, base.overrides(), base.limits(), base.quota());
                try (App app = App.open(SimFeeds.config(db, feed))) {
                    app.database().replica().purgeFeed(feed.id());
                    resetPeaks();
                    long start = System.nanoTime();
                    RunResult run = app.sync().sync(feed, "Property", RunKind.FULL, "bench", RunListener.NONE).getFirst();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("listings", run.counts().records());
                    result.put("seconds", Math.round(seconds * 100) / 100.0);
                    result.put("listings_per_s", Math.round(run.counts().records() / seconds));
                    result.put("pages", run.pages());
                    result.put("peak_heap_mb", peakHeapMb());
                    result.put("media", run.counts().media());
                    result.put("mb_received", Math.round(run.bytes() / 1e5) / 10.0);
                    result.put("status", run.status());
                    System.out.println(Json.write(result));
                    return run.succeeded() ? 0 : 1;
                }
            }
        }

        static DatabaseConfig freshEmbedded() throws IOException {
            Path dir = Path.of(".mlsync", "bench-pg");
            deleteTree(dir);
            return new DatabaseConfig(DatabaseConfig.EMBEDDED, null, null, dir);
        }

        static void deleteTree(Path dir) throws IOException {
            if (Files.exists(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        static void resetPeaks() {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        static long peakHeapMb() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak / (1024 * 1024);
        }
    }
}
