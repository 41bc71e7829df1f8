package dev.mlsync.cli;

import dev.mlsync.config.ConfigException;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.jobs.MediaTasks;
import dev.mlsync.sim.ChangeSummary;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.store.ReplicaAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code mlsync bench chaos}: P mlsync processes (one {@code serve}, P-1 {@code worker}s, each its own JVM) replicate
 * a simulator (in this process) that injects faults and keeps changing, on one embedded PostgreSQL (in this
 * process) and one filesystem photo store, while this command kills a random one of them with SIGKILL K times —
 * aimed at a moment when it is fetching a page, downloading a photo, writing an object or committing — and starts
 * it again. Then the changes stop, mlsync catches up on its own schedules, and everything is compared with the
 * simulator's truth ({@link ChaosVerdict}). Exit 0 only when everything matches.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Kill mlsync processes with SIGKILL while they replicate a faulty, changing simulator; "
                + "then check the replica, photos and quotas against the truth. Exit 1 unless they match.")
final class BenchChaos implements Callable<Integer> {
    static final String FEED = "chaos";
    static final List<String> RESOURCES = List.of("Property", "Member", "Office", "OpenHouse");
    private static final String TOKEN = "chaos-bench-token";
    /** Enforced by the simulator (MLS Grid style: a breach suspends the token) and configured in mlsync alike. */
    static final String LIMITS = "perSecond=60,perMinute=3000,perHour=150000,perDay=3000000,mediaPerMinute=3000,"
            + "mediaPerHour=150000";
    private static final Duration SUSPENSION = Duration.ofMinutes(2);
    /** Simulated time per change tick: ~1 % of listings change per simulated hour. */
    private static final Duration SIM_PER_TICK = Duration.ofMinutes(10);
    private static final Duration TICK = Duration.ofSeconds(2);
    /** How long a kill waits for its aimed-at phase before it takes whatever is in flight. */
    private static final Duration AIM_WAIT = Duration.ofSeconds(8);
    private static final List<String> PHASES = List.of("mid-page", "mid-download", "mid-upload", "mid-commit");

    @Option(names = "--listings", paramLabel = "N", defaultValue = "2000", description = "listings (default: ${DEFAULT-VALUE})")
    int listings;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "2",
            description = "how long changes and kills go on (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--kills", paramLabel = "K", defaultValue = "5", description = "SIGKILLs (default: ${DEFAULT-VALUE})")
    int kills;

    @Option(names = "--processes", paramLabel = "P", defaultValue = "3",
            description = "mlsync JVMs: one serve and P-1 workers (default: ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--faults", paramLabel = "PROFILE", defaultValue = "default",
            description = "simulator fault profile or spec, as for `mlsync sim --faults` (default: ${DEFAULT-VALUE})")
    String faults;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "seed of the dataset, changes, faults and kill moments (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--catch-up-minutes", paramLabel = "M", defaultValue = "20",
            description = "after the changes stop, longest wait without progress (the photo backlog not shrinking) "
                    + "for mlsync to catch up (default: ${DEFAULT-VALUE})")
    double catchUpMinutes;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".mlsync/bench-chaos",
            description = "emptied, then holds PostgreSQL, the photo store, configs and process logs (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--json", description = "print only the JSON result on stdout")
    boolean json;

    /** One SIGKILL: when, which process, and what it was doing. */
    record Kill(double atSeconds, String process, String phase) {
    }

    @Override
    public Integer call() throws Exception {
        SimFaults simFaults = validate();
        long started = System.nanoTime();
        Path work = fresh(workDir.toAbsolutePath().normalize());
        Path store = Files.createDirectories(work.resolve("media"));
        SimLimits limits = SimLimits.ofProfile(dev.mlsync.sim.SimProfile.MLSGRID).overriddenBy(LIMITS);
        SimOptions options = SimOptions.of(listings).withSeed(seed).withToken(TOKEN).withLimits(limits)
                .withSuspension(SUSPENSION).withFaults(simFaults);
        try (Database database = Database.open(new DatabaseConfig(DatabaseConfig.EMBEDDED, null, null, work.resolve("pg")));
             Simulator sim = Simulator.start(options);
             ChaosProcesses children = new ChaosProcesses(work)) {
            String url = database.embeddedJdbcUrl().orElseThrow();
            ChaosConfig config = new ChaosConfig(work, url, sim, TOKEN, store);
            for (String name : names()) {
                children.start(name, config.write(name));
            }
            progress("started " + processes + " mlsync processes on " + url + "; simulator " + sim.serviceRoot());
            ReplicaAudit audit = database.audit();
            Storm storm = new Storm(sim, children, audit, store, new SplittableRandom(seed), config);
            storm.run(Duration.ofMillis(Math.round(minutes * 60_000)), kills, started);
            Instant changesStopped = Instant.now();
            progress("changes stopped after " + storm.changes + " changes and " + storm.kills.size() + " kills; catching up");
            long catchUpStart = System.nanoTime();
            boolean caughtUp = catchUp(audit, changesStopped, children);
            double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
            Map<String, Integer> exited = children.exited();
            children.close();
            ChaosVerdict verdict = ChaosVerdict.of(sim, audit, FEED, RESOURCES, store, limits);
            Map<String, Object> result = result(verdict, storm, sim, audit, caughtUp, catchUpSeconds, exited, children,
                    (System.nanoTime() - started) / 1e9);
            System.out.println(Json.write(result));
            return Boolean.TRUE.equals(result.get("converged")) ? 0 : 1;
        }
    }

    private SimFaults validate() {
        List<String> problems = new ArrayList<>();
        SimFeeds.listings(listings);
        if (!(minutes > 0)) {
            problems.add("--minutes: must be > 0, was " + minutes);
        }
        if (kills < 0) {
            problems.add("--kills: must be >= 0, was " + kills);
        }
        if (processes < 1) {
            problems.add("--processes: must be at least 1, was " + processes);
        }
        if (!(catchUpMinutes > 0)) {
            problems.add("--catch-up-minutes: must be > 0, was " + catchUpMinutes);
        }
        SimFaults parsed = null;
        try {
            parsed = SimFaults.parse(faults);
        } catch (IllegalArgumentException e) {
            problems.add("--faults: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return parsed;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(List.of("serve"));
        for (int i = 1; i < processes; i++) {
            names.add("worker-" + i);
        }
        return names;
    }

    /**
     * Waits until a scheduled incremental run that started after the changes stopped has completed, no photo is
     * pending or queued and no gone photo still has its object (the sweep purges them), twice in a row. It gives up
     * only after {@code --catch-up-minutes} without progress: a large set's photo backlog may take an hour to
     * drain on a small machine, and what the bench judges is whether mlsync converges, not how fast.
     */
    private boolean catchUp(ReplicaAudit audit, Instant changesStopped, ChaosProcesses children)
            throws InterruptedException {
        long patience = Math.round(catchUpMinutes * 60e9);
        long deadline = System.nanoTime() + patience;
        long smallestBacklog = Long.MAX_VALUE;
        int quiet = 0;
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            boolean synced = audit.jobCompletedSince(FEED, "incremental", changesStopped);
            long backlog = audit.mediaBacklog(FEED, MediaTasks.LISTING_TASK);
            if (backlog < smallestBacklog) {
                smallestBacklog = backlog;
                deadline = System.nanoTime() + patience;
            }
            quiet = synced && backlog == 0 ? quiet + 1 : 0;
            if (quiet >= 3) {
                return true;
            }
            if (System.nanoTime() - lastReport > 15e9) {
                progress("catching up: incremental since stop " + (synced ? "done" : "not yet") + ", media backlog "
                        + backlog + ", jobs " + audit.jobsByStatus(FEED) + ", exited " + children.exited());
                lastReport = System.nanoTime();
            }
            Thread.sleep(ChaosConfig.SWEEP.toMillis());
        }
        return false;
    }

    /** The change stream and the kills, for the given duration. */
    private final class Storm {
        private final Simulator sim;
        private final ChaosProcesses children;
        private final ReplicaAudit audit;
        private final Path store;
        private final SplittableRandom random;
        private final ChaosConfig config;
        final List<Kill> kills = new ArrayList<>();
        final Map<String, Integer> changeKinds = new LinkedHashMap<>();
        int changes;

        Storm(Simulator sim, ChaosProcesses children, ReplicaAudit audit, Path store, SplittableRandom random,
              ChaosConfig config) {
            this.sim = sim;
            this.children = children;
            this.audit = audit;
            this.store = store;
            this.random = random;
            this.config = config;
        }

        void run(Duration length, int count, long benchStart) throws Exception {
            long start = System.nanoTime();
            List<Long> moments = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                // spread over the run, each in its own slot, never in the first or last few seconds
                long slot = length.toNanos() / Math.max(1, count);
                moments.add(start + i * slot + (long) (slot * (0.15 + 0.7 * random.nextDouble())));
            }
            long nextTick = start;
            int nextKill = 0;
            while (System.nanoTime() - start < length.toNanos()) {
                long now = System.nanoTime();
                if (now >= nextTick) {
                    record(sim.advance(SIM_PER_TICK));
                    nextTick = now + TICK.toNanos();
                }
                if (nextKill < moments.size() && now >= moments.get(nextKill)) {
                    kill(PHASES.get(nextKill % PHASES.size()), benchStart);
                    nextKill++;
                }
                Thread.sleep(50);
            }
        }

        private void record(ChangeSummary s) {
            changes += s.total();
            changeKinds.merge("created", s.created(), Integer::sum);
            changeKinds.merge("price", s.priceChanges(), Integer::sum);
            changeKinds.merge("status", s.statusChanges(), Integer::sum);
            changeKinds.merge("photos", s.photoChanges(), Integer::sum);
            changeKinds.merge("deleted", s.deleted(), Integer::sum);
            changeKinds.merge("other_resources", s.otherResourceChanges(), Integer::sum);
        }

        /** Waits (briefly) for a process in the aimed-at phase, else takes any phase in flight, else any process. */
        private void kill(String aim, long benchStart) throws Exception {
            long until = System.nanoTime() + AIM_WAIT.toNanos();
            Optional<Kill> target = Optional.empty();
            while (target.isEmpty() && System.nanoTime() < until) {
                target = find(aim, benchStart);
                if (target.isEmpty()) {
                    Thread.sleep(5);
                }
            }
            for (int i = 0; target.isEmpty() && i < PHASES.size(); i++) {
                target = find(PHASES.get(i), benchStart);
            }
            List<String> names = children.names();
            Kill kill = target.orElse(new Kill(seconds(benchStart), names.get(random.nextInt(names.size())), "idle"));
            children.kill(kill.process());
            kills.add(kill);
            progress("kill " + kills.size() + ": " + kill.process() + " " + kill.phase() + " at "
                    + Math.round(kill.atSeconds()) + " s");
            children.start(kill.process(), config.path(kill.process()));
        }

        private Optional<Kill> find(String phase, long benchStart) {
            Optional<String> who = switch (phase) {
                case "mid-page" -> inFlight("/odata/");
                case "mid-download" -> inFlight("/media/");
                case "mid-upload" -> children.ownerOfOpenFile(store, ".put-");
                default -> audit.applicationsCommitting(ChaosConfig.APPLICATION_PREFIX).stream()
                        .map(app -> app.substring(ChaosConfig.APPLICATION_PREFIX.length())).findFirst();
            };
            return who.map(name -> new Kill(seconds(benchStart), name, phase));
        }

        private Optional<String> inFlight(String prefix) {
            for (Simulator.InFlightRequest request : sim.inFlight()) {
                if (request.path().startsWith(prefix)) {
                    Optional<String> owner = children.ownerOfPort(request.clientPort());
                    if (owner.isPresent()) {
                        return owner;
                    }
                }
            }
            return Optional.empty();
        }
    }

    private Map<String, Object> result(ChaosVerdict verdict, Storm storm, Simulator sim, ReplicaAudit audit,
                                       boolean caughtUp, double catchUpSeconds, Map<String, Integer> exited,
                                       ChaosProcesses children, double seconds) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("converged", caughtUp && verdict.converged() && exited.isEmpty());
        result.put("missing", verdict.missing());
        result.put("extra", verdict.extra());
        result.put("stale", verdict.stale());
        result.put("media_missing", verdict.mediaMissing());
        result.put("media_wrong", verdict.mediaWrong());
        result.put("orphans", verdict.orphans());
        result.put("windows_exceeded", verdict.windowsExceeded());
        result.put("suspensions", verdict.suspensions());
        result.put("kills", storm.kills.size());
        result.put("seconds", Math.round(seconds * 10) / 10.0);
        result.put("gone_stored", verdict.goneStored());
        result.put("duplicates", verdict.duplicates());
        result.put("caught_up", caughtUp);
        result.put("catch_up_seconds", Math.round(catchUpSeconds * 10) / 10.0);
        result.put("processes", processes);
        result.put("restarts", children.restarts());
        result.put("exited_on_their_own", exited);
        Map<String, Long> phases = new LinkedHashMap<>();
        storm.kills.forEach(k -> phases.merge(k.phase(), 1L, Long::sum));
        result.put("kill_phases", phases);
        result.put("kill_log", storm.kills.stream().map(k -> k.process() + " " + k.phase() + " @" + Math.round(k.atSeconds()) + "s").toList());
        Map<String, Long> faultCounts = new LinkedHashMap<>();
        sim.faultCounts().forEach((kind, n) -> faultCounts.put(kind.key(), n));
        result.put("faults", faultCounts);
        result.put("fault_profile", faults);
        result.put("changes", storm.changes);
        result.put("change_kinds", storm.changeKinds);
        result.put("records", verdict.byResource());
        result.put("photos", verdict.photos());
        result.put("requests", sim.requests().size());
        result.put("jobs", audit.jobsByStatus(FEED));
        result.put("limits", LIMITS);
        result.put("load_average", Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0);
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("examples", verdict.examples());
        return result;
    }

    /** Progress goes to stderr, so {@code --json} keeps stdout to the one result line. */
    private static void progress(String line) {
        System.err.println("bench chaos: " + line);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static Path fresh(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    /** The configuration file of each child process. */
    static final class ChaosConfig {
        static final String APPLICATION_PREFIX = "mlsync-chaos-";
        static final Duration SWEEP = Duration.ofSeconds(2);
        private final Path work;
        private final String jdbcUrl;
        private final Simulator sim;
        private final String token;
        private final Path store;

        ChaosConfig(Path work, String jdbcUrl, Simulator sim, String token, Path store) {
            this.work = work;
            this.jdbcUrl = jdbcUrl;
            this.sim = sim;
            this.token = token;
            this.store = store;
        }

        Path path(String name) {
            return work.resolve("config").resolve(name + ".yml");
        }

        Path write(String name) throws IOException {
            Path file = path(name);
            Files.createDirectories(file.getParent());
            String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "ApplicationName=" + APPLICATION_PREFIX + name;
            Files.writeString(file, yaml(url));
            return file;
        }

        private String yaml(String url) {
            String limits = LIMITS.replace("=", ": ").replace(",", ", ");
            return String.format(Locale.ROOT, """
                    database: {url: "%s", user: postgres}
                    feeds:
                      - id: %s
                        provider: reso
                        baseUrl: "%s"
                        auth: {token: %s}
                        originatingSystem: %s
                        resources: [%s]
                        pageSize: 200
                        limits: {%s}
                        schedule: {incremental: 5s, reconcile: "off"}
                    storage: {type: filesystem, path: "%s"}
                    media: {workers: 3, goneGraceHours: 0, sweepSeconds: %d, derivatives: [], webp: false,
                            retryDelaySeconds: 1, maxAttempts: 10, abandonedWriteSeconds: 20}
                    workers: {threads: 3, pollingInterval: 1s, heartbeatInterval: 1s, missedHeartbeats: 4,
                              shutdownTimeout: 10s}
                    """, url, FEED, sim.serviceRoot(), token, sim.originatingSystem(), String.join(", ", RESOURCES),
                    limits, store, SWEEP.toSeconds());
        }
    }
}
