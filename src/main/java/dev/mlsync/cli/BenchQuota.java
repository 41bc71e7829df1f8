package dev.mlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlsync.App;
import dev.mlsync.config.ConfigException;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.sim.SimLimits;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code mlsync bench quota}: replication against a loopback simulator (its own JVM) that enforces the
 * profile's limits, by K mlsync processes (JVMs) on one database and one credential, measured at the
 * simulator's request log. Limits are scaled up by {@code --limit-scale} so a minute says something; the
 * output says so.
 */
@Command(name = "quota", mixinStandardHelpOptions = true,
        description = "Replication by K processes under the simulator's enforced limits; prints utilization, 429s, suspensions.")
final class BenchQuota implements Callable<Integer> {
    static final String FIXED = "fixed";
    static final String MLSYNC = "mlsync";
    /** A simulator that tolerates a few breaches when a hidden limit is to be found (see {@code suspendAfter}). */
    private static final int HIDDEN_SUSPEND_AFTER = 5;

    @Option(names = "--profile", defaultValue = "mlsgrid", description = "simulated provider (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--seconds", defaultValue = "60", description = "how long each process replicates (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--processes", defaultValue = "1", description = "mlsync JVMs on one database and token (default: ${DEFAULT-VALUE})")
    int processes;

    @Option(names = "--hidden-limit", paramLabel = "R",
            description = "enforce only R data requests/s (before scaling) while advertising the profile's limits")
    Double hiddenLimit;

    @Option(names = "--policy", defaultValue = MLSYNC,
            description = "mlsync (the quota) or fixed (one request at a time, 5 s pause, 5 retries 10 s..60 s)")
    String policy;

    @Option(names = "--limit-scale", defaultValue = "2", description = "multiply every limit by N (default: ${DEFAULT-VALUE})")
    int limitScale;

    @Option(names = "--listings", defaultValue = "2000", description = "listings in the simulator (default: ${DEFAULT-VALUE})")
    int listings;

    @Option(names = "--page-size", defaultValue = "5", description = "listings per page (default: ${DEFAULT-VALUE})")
    int pageSize;

    @Option(names = "--feeds-per-process", paramLabel = "F", defaultValue = "6",
            description = "feeds on the one token each process replicates side by side (default: ${DEFAULT-VALUE})")
    int feedsPerProcess;

    @Option(names = "--suspend-after", paramLabel = "N",
            description = "breaches in an hour before the simulator suspends the token (default: 1, or "
                    + HIDDEN_SUSPEND_AFTER + " with --hidden-limit)")
    Integer suspendAfter;

    @Option(names = "--media-workers", paramLabel = "N", defaultValue = "2",
            description = "photo download workers per process, through the same credential's quota; 0 = replication "
                    + "only (default: ${DEFAULT-VALUE})")
    int mediaWorkers;

    @Option(names = "--request-log", paramLabel = "FILE",
            description = "also write the simulator's request log (NDJSON, every request of the run) to FILE")
    Path requestLog;

    @Option(names = "--json", description = "print only the JSON result on stdout")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SimProfile simProfile = SimFeeds.profile(profile);
        validate(simProfile);
        SimLimits enforced = scaled(SimLimits.ofProfile(simProfile));
        Path dir = freshDirectory(Path.of(".mlsync", "bench-quota-pg"));
        freshDirectory(Path.of(".mlsync", "bench-quota-media"));
        try (Database database = Database.open(new DatabaseConfig(DatabaseConfig.EMBEDDED, null, null, dir));
             SimProcess sim = SimProcess.start(listings, simProfile, List.of("--token", SimFeeds.SIM_TOKEN,
                     "--limits", spec(enforced), "--suspension-minutes", "30",
                     // Every feed of every process replicates the same listings on one token: with the same photo
                     // URLs MLS Grid's one fetch per URL per hour would answer the repeats with 429 and the bench
                     // would measure that rule, not the quota. Signed per response, each feed has URLs of its own.
                     "--signed-media-urls"))) {
            String url = database.embeddedJdbcUrl().orElseThrow();
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                workers.add(worker(url, sim.endpoint(), "bench-" + (i + 1), enforced));
            }
            List<JsonNode> results = new ArrayList<>();
            for (Process worker : workers) {
                results.add(workerResult(worker));
            }
            Map<String, Object> result = measure(sim.endpoint().serviceRoot(), enforced, results);
            System.out.println(Json.write(result));
            return 0;
        }
    }

    private void validate(SimProfile simProfile) {
        List<String> problems = new ArrayList<>();
        if (!SimLimits.ofProfile(simProfile).isEnabled()) {
            problems.add("--profile: " + profile + " publishes no limits; use mlsgrid, trestle or bridge");
        }
        if (mediaWorkers < 0) {
            problems.add("--media-workers: must be at least 0, was " + mediaWorkers);
        }
        if (seconds < 1 || processes < 1 || limitScale < 1 || pageSize < 1 || listings < 1 || feedsPerProcess < 1) {
            problems.add("--seconds, --processes, --limit-scale, --page-size, --feeds-per-process and --listings "
                    + "must be at least 1");
        }
        if (!policy.equals(MLSYNC) && !policy.equals(FIXED)) {
            problems.add("--policy: must be mlsync or fixed, was " + policy);
        }
        if (hiddenLimit != null && !(hiddenLimit > 0)) {
            problems.add("--hidden-limit: must be > 0, was " + hiddenLimit);
        }
        if (suspendAfter != null && suspendAfter < 1) {
            problems.add("--suspend-after: must be at least 1, was " + suspendAfter);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The profile's limits times the scale, plus the hidden per-second limit and the suspension tolerance. */
    private SimLimits scaled(SimLimits published) {
        int tolerance = suspendAfter != null ? suspendAfter : hiddenLimit != null ? HIDDEN_SUSPEND_AFTER : 1;
        long hidden = hiddenLimit == null ? 0 : Math.max(1, Math.round(hiddenLimit * limitScale));
        return published.overriddenBy("perSecond=" + published.perSecond() * limitScale
                + ",perMinute=" + published.perMinute() * limitScale + ",perHour=" + published.perHour() * limitScale
                + ",perDay=" + published.perDay() * limitScale + ",bytesPerHour=" + published.bytesPerHour() * limitScale
                + ",mediaPerMinute=" + published.mediaPerMinute() * limitScale
                + ",mediaPerHour=" + published.mediaPerHour() * limitScale
                + ",hiddenPerSecond=" + hidden + ",suspendAfter=" + tolerance);
    }

    private static String spec(SimLimits l) {
        return "style=" + l.style().name().toLowerCase(Locale.ROOT) + ",perSecond=" + l.perSecond()
                + ",perMinute=" + l.perMinute() + ",perHour=" + l.perHour() + ",perDay=" + l.perDay()
                + ",bytesPerHour=" + l.bytesPerHour() + ",mediaPerMinute=" + l.mediaPerMinute()
                + ",mediaPerHour=" + l.mediaPerHour() + ",hiddenPerSecond=" + l.hiddenPerSecond()
                + ",suspendAfter=" + l.suspendAfter();
    }

    /** The limits the client is told: the advertised ones (never the hidden one). */
    private static String clientLimits(SimLimits l) {
        return "perSecond=" + l.perSecond() + ",perMinute=" + l.perMinute() + ",perHour=" + l.perHour()
                + ",perDay=" + l.perDay();
    }

    private Process worker(String url, SimFeeds.Endpoint sim, String feedId, SimLimits enforced) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                App.class.getName(), "bench", "quota-worker", "--database", url,
                "--service-root", sim.serviceRoot().toString(), "--profile", profile, "--feed", feedId,
                "--seconds", String.valueOf(seconds), "--policy", policy, "--page-size", String.valueOf(pageSize),
                "--limits", clientLimits(enforced), "--feeds", String.valueOf(feedsPerProcess),
                "--media-workers", String.valueOf(mediaWorkers)));
        if (sim.tokenUrl() != null) {
            command.addAll(List.of("--token-url", sim.tokenUrl().toString()));
        }
        if (sim.originatingSystem() != null && !sim.originatingSystem().isEmpty()) {
            command.addAll(List.of("--originating-system", sim.originatingSystem()));
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static JsonNode workerResult(Process worker) throws IOException, InterruptedException {
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("{")) {
                    last = line;
                }
            }
        }
        int exit = worker.waitFor();
        if (last == null) {
            throw new IOException("a bench worker exited with " + exit + " without a result");
        }
        return new ObjectMapper().readTree(last);
    }

    /** Everything counted at the simulator: data requests of the credential, 429s, suspensions. */
    private Map<String, Object> measure(URI serviceRoot, SimLimits enforced, List<JsonNode> workers)
            throws IOException, InterruptedException {
        List<JsonNode> log = ndjson(serviceRoot.resolve("/_sim/requests"));
        if (requestLog != null) {
            Files.write(requestLog, log.stream().map(JsonNode::toString).toList(), StandardCharsets.UTF_8);
        }
        List<JsonNode> suspensions = ndjson(serviceRoot.resolve("/_sim/suspensions"));
        List<Instant> admitted = new ArrayList<>();
        List<Instant> admittedData = new ArrayList<>();
        List<Long> serveMillis = new ArrayList<>();
        long requests = 0;
        long mediaRequests = 0;
        long throttled = 0;
        for (JsonNode entry : log) {
            String path = entry.path("pathAndQuery").asText();
            boolean media = path.startsWith("/media/");
            if (!(media || path.startsWith("/odata/")) || !entry.has("credential")) {
                continue;
            }
            requests++;
            if (media) {
                mediaRequests++;
            } else if (entry.path("status").asInt() != 429) {
                admittedData.add(Instant.parse(entry.path("received").asText()));
            }
            serveMillis.add(Duration.between(Instant.parse(entry.path("received").asText()),
                    Instant.parse(entry.path("at").asText())).toMillis());
            if (entry.path("status").asInt() == 429) {
                throttled++;
            } else {
                admitted.add(Instant.parse(entry.path("received").asText()));
            }
        }
        admitted.sort(Comparator.naturalOrder());
        admittedData.sort(Comparator.naturalOrder());
        // Measured while replication ran (first to last data request): photo downloads still finishing after the
        // workers' deadline, or not yet queued before the first page, say nothing about the quota.
        List<Instant> during = admittedData.size() < 2 ? admitted : admitted.stream()
                .filter(t -> !t.isBefore(admittedData.getFirst()) && !t.isAfter(admittedData.getLast())).toList();
        double span = during.size() < 2 ? 0
                : Duration.between(during.getFirst(), during.getLast()).toNanos() / 1e9;
        double limitRps = tightestRate(enforced, seconds);
        long objects = 0;
        long photos = 0;
        double workerSeconds = 0;
        for (JsonNode worker : workers) {
            objects += worker.path("records").asLong() + worker.path("media").asLong();
            photos += worker.path("photos").asLong();
            workerSeconds = Math.max(workerSeconds, worker.path("seconds").asDouble());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", requests);
        result.put("seconds", round(span, 2));
        result.put("limit_rps", round(limitRps, 3));
        result.put("utilization", span == 0 ? 0 : round((during.size() - 1) / span / limitRps, 3));
        result.put("throttled_429", throttled);
        result.put("suspensions", suspensions.size());
        result.put("objects_per_min", workerSeconds == 0 ? 0 : Math.round(objects / workerSeconds * 60));
        result.put("media_requests", mediaRequests);
        result.put("photos_per_min", workerSeconds == 0 ? 0 : Math.round(photos / workerSeconds * 60));
        result.put("data_utilization", span == 0 || admittedData.size() < 2 ? 0
                : round((admittedData.size() - 1) / span / limitRps, 3));
        result.put("policy", policy);
        result.put("processes", processes);
        result.put("profile", profile);
        result.put("scaled", limitScale != 1);
        result.put("limit_scale", limitScale);
        result.put("hidden_limit_rps", enforced.hiddenPerSecond() == 0 ? null : enforced.hiddenPerSecond());
        result.put("sim_suspend_after", enforced.suspendAfter());
        result.put("throttled_share", requests == 0 ? 0 : round((double) throttled / requests, 4));
        result.put("page_size", pageSize);
        result.put("feeds_per_process", feedsPerProcess);
        serveMillis.sort(Comparator.naturalOrder());
        result.put("sim_serve_ms_median", serveMillis.isEmpty() ? 0 : serveMillis.get(serveMillis.size() / 2));
        return result;
    }

    /**
     * Data requests per second the tightest enforced window allows over a run of {@code seconds}: a window
     * longer than the run allows its whole limit within it.
     */
    private static double tightestRate(SimLimits l, int seconds) {
        long perSecond = l.hiddenPerSecond() == 0 ? l.perSecond()
                : l.perSecond() == 0 ? l.hiddenPerSecond() : Math.min(l.perSecond(), l.hiddenPerSecond());
        double rate = Double.POSITIVE_INFINITY;
        rate = Math.min(rate, allowed(perSecond, 1, seconds));
        rate = Math.min(rate, allowed(l.perMinute(), 60, seconds));
        rate = Math.min(rate, allowed(l.perHour(), 3600, seconds));
        return Math.min(rate, allowed(l.perDay(), 86_400, seconds));
    }

    private static double allowed(long limit, int windowSeconds, int seconds) {
        return limit == 0 ? Double.POSITIVE_INFINITY : (double) limit / Math.min(windowSeconds, seconds);
    }

    private static List<JsonNode> ndjson(URI uri) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            ObjectMapper mapper = new ObjectMapper();
            List<JsonNode> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    rows.add(mapper.readTree(line));
                }
            }
            return rows;
        }
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return dir;
    }
}
