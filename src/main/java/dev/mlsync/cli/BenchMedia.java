package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.StorageConfig;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.store.MediaStore;
import dev.mlsync.store.MediaTotals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mlsync bench media}: replicates enough simulated listings for about N photos of 2048×1536 (300–600 KB
 * each) from a loopback simulator in its own process, without quotas, then downloads and resizes them all
 * into a fresh filesystem store. Rates count from the moment the workers start; the derivative stage runs
 * beside the downloads, on its own pool sized to the cores.
 */
@Command(name = "media", mixinStandardHelpOptions = true,
        description = "Download and resize about N simulated 2048x1536 photos; prints throughput and peak heap.")
final class BenchMedia implements Callable<Integer> {
    /** The simulator's listings have 20 photos on average. */
    private static final int PHOTOS_PER_LISTING = 20;

    @Option(names = "--photos", paramLabel = "N", defaultValue = "2000", description = "photos (default: ${DEFAULT-VALUE})")
    int photos;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "download workers (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--json", description = "print only the JSON result on stdout")
    boolean json;

    /** CPU time of this JVM (all threads). */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    /** CPU time of this process's ended, reaped children (Linux: cutime + cstime of /proc/self/stat), else 0. */
    private static long childrenCpuNanos() {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // fields 16 and 17 of stat
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The 1- and 5-minute load averages (Linux), or empty. */
    private static double[] loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        } catch (java.io.IOException | RuntimeException e) {
            return new double[0];
        }
    }

    @Override
    public Integer call() throws Exception {
        int listings = Math.max(1, photos / PHOTOS_PER_LISTING);
        DatabaseConfig db = BenchCommand.Ingest.freshEmbedded();
        Path storage = Path.of(".mlsync", "bench-media");
        BenchCommand.Ingest.deleteTree(storage);
        try (SimProcess sim = SimProcess.start(listings, SimProfile.RESO, List.of("--large-photos"))) {
            FeedConfig feed = SimFeeds.feed("bench", sim.endpoint(), SimProfile.RESO, List.of("Property"));
            MlsyncConfig config = new MlsyncConfig(db, List.of(feed)).withStorage(StorageConfig.filesystem(storage, null));
            config = config.withMedia(config.media().withWorkers(workers));
            try (App app = App.open(config)) {
                app.sync().sync(feed, "Property", RunKind.FULL, "bench", RunListener.NONE);
                MediaStore store = app.database().media();
                BenchCommand.Ingest.resetPeaks();
                double[] loadBefore = loadAverage();
                long cpuBefore = processCpuNanos();
                long derivativeCpuBefore = app.media().derivativeCpuNanos();
                long childCpuBefore = childrenCpuNanos();
                long start = System.nanoTime();
                long[] downloaded = {0};
                try (MediaWorkers running = MediaWorkers.start(app.database().dataSource(), app.media(), workers,
                        Duration.ofSeconds(30), null)) {
                    running.awaitIdle(Instant.now().plus(Duration.ofHours(2)), () -> false, () -> {
                        if (downloaded[0] == 0 && store.totals(feed.id()).pending() == 0) {
                            downloaded[0] = System.nanoTime();
                        }
                    });
                }
                long end = System.nanoTime();
                long childCpu = childrenCpuNanos() - childCpuBefore; // vips processes, reaped when they ended
                long derivativeCpu = app.media().derivativeCpuNanos() - derivativeCpuBefore + childCpu;
                long cpu = processCpuNanos() - cpuBefore + childCpu;
                double[] loadAfter = loadAverage();
                MediaTotals totals = store.totals(feed.id());
                double downloadSeconds = ((downloaded[0] == 0 ? end : downloaded[0]) - start) / 1e9;
                double allSeconds = (end - start) / 1e9;
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("photos", totals.stored());
                result.put("download_per_s", Math.round(totals.stored() / downloadSeconds * 10) / 10.0);
                result.put("derivatives_per_s", Math.round(totals.stored() / allSeconds * 10) / 10.0);
                result.put("peak_heap_mb", BenchCommand.Ingest.peakHeapMb());
                result.put("cores", Runtime.getRuntime().availableProcessors());
                result.put("derivative_files", totals.derivatives());
                result.put("failed", totals.failed());
                result.put("mb_stored", Math.round(totals.storedBytes() / 1e5) / 10.0);
                result.put("seconds", Math.round(allSeconds * 10) / 10.0);
                long made = Math.max(1, totals.stored());
                result.put("cpu_ms_per_photo", Math.round(cpu / 1e5 / made) / 10.0);
                result.put("derivative_cpu_ms_per_photo", Math.round(derivativeCpu / 1e5 / made) / 10.0);
                result.put("derivatives_per_cpu_s", Math.round(made * 1e10 / Math.max(1, derivativeCpu)) / 10.0);
                result.put("load_avg_before", loadBefore);
                result.put("load_avg_after", loadAfter);
                System.out.println(Json.write(result));
                return totals.failed() == 0 && totals.pending() == 0 ? 0 : 1;
            }
        }
    }
}
