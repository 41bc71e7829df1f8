package dev.mlsync.sim;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A deterministic RESO Web API server on 127.0.0.1 — the demo feed, test bed and benchmark target.
 *
 * <p>The dataset and every change are a pure function of {@link SimOptions#seed()} and the listing count: the
 * same options give byte-identical response bodies (apart from the port inside URLs). The sim clock starts at
 * 2026-01-01T00:00:00Z and moves only by {@link #advance}. Requests are served on virtual threads; an advance
 * waits for in-flight responses and is applied atomically.
 */
public final class Simulator implements AutoCloseable {
    private final SimOptions options;
    private final HttpServer server;
    private final ExecutorService executor;
    private final SimState state;
    private static final Duration LOG_WAIT = Duration.ofSeconds(2);
    private final List<RequestLogEntry> log = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final QuotaLedger quota;
    private final FaultPlan faults;
    private final RetsServer rets;
    private final Router router;
    private final Map<com.sun.net.httpserver.HttpExchange, InFlightRequest> serving = new java.util.concurrent.ConcurrentHashMap<>();

    /** A request being served right now: its path (no query) and the client's port on 127.0.0.1. */
    public record InFlightRequest(String path, int clientPort, Instant since) {
    }

    private Simulator(SimOptions options, HttpServer server) {
        this.options = options;
        this.server = server;
        ProfileRules rules = new ProfileRules(options.profile());
        this.state = new SimState(DatasetGenerator.generate(options.seed(), options.listings()), rules,
                new MediaUrls(origin() + "/media/", options.signedMediaUrls()));
        ODataService odata = new ODataService(state, rules, origin(), options.nextLinks());
        this.quota = new QuotaLedger(options.limits(), options.clock(), options.suspension());
        this.faults = new FaultPlan(options.faults(), options.seed());
        this.rets = new RetsServer(options, state, origin());
        this.router = new Router(options, state, odata, new ControlEndpoints(this),
                new RequestGuard(quota, faults), new TokenIssuer(options.token(), options.seed()), this::record, rets);
        server.createContext("/", exchange -> {
            // A client has its answer before the router logs it; requests() waits for those entries.
            boolean counted = !exchange.getRequestURI().getRawPath().startsWith("/_sim/");
            if (counted) {
                inFlight.incrementAndGet();
                serving.put(exchange, new InFlightRequest(exchange.getRequestURI().getRawPath(),
                        exchange.getRemoteAddress().getPort(), Instant.now()));
            }
            try {
                router.handle(exchange);
            } finally {
                if (counted) {
                    serving.remove(exchange);
                    inFlight.decrementAndGet();
                    synchronized (log) {
                        log.notifyAll();
                    }
                }
            }
        });
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
    }

    /** Generates the dataset and starts serving on 127.0.0.1 ({@link SimOptions#port()} 0 = an ephemeral port). */
    public static Simulator start(SimOptions options) {
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port()), 0);
            Simulator simulator = new Simulator(options, server);
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the simulator to 127.0.0.1:" + options.port(), e);
        }
    }

    private String origin() {
        return "http://127.0.0.1:" + port();
    }

    /** The OData service root, ending in "/", e.g. {@code http://127.0.0.1:PORT/odata/}. */
    public URI serviceRoot() {
        return URI.create(origin() + ODataService.ROOT);
    }

    /** The OAuth2 client-credentials endpoint (required by the TRESTLE profile, served by all). */
    public URI tokenUrl() {
        return URI.create(origin() + TokenIssuer.PATH);
    }

    /**
     * The RETS Login URL, {@code http://127.0.0.1:PORT/rets2_1/Login}; served under {@link SimProfile#RETS} only (which
     * in turn serves no OData).
     */
    public URI retsLoginUrl() {
        return URI.create(rets.loginUrl());
    }

    /** Ends every RETS session now, as a server restart would; same as {@code POST /_sim/rets/expire}. */
    public int expireRetsSessions() {
        return rets.expireAll();
    }

    /**
     * Gives one live listing a new ModificationTimestamp 1 ms past now (the clock moves by 1 ms) without other
     * changes, so it moves behind every timestamp-ordered page; same as {@code POST /_sim/touch?key=}.
     *
     * @return the new ModificationTimestamp
     */
    public Instant touch(String listingKey) {
        return Instant.ofEpochMilli(state.touch(listingKey));
    }

    /**
     * Removes one live listing from the feed without a deletion signal (it vanishes from every OData and RETS
     * answer; the truth shows it deleted); same as {@code POST /_sim/drop?key=}.
     *
     * @throws IllegalArgumentException when no live listing has the key
     */
    public void drop(String listingKey) {
        state.drop(listingKey);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The OriginatingSystemName of every record. */
    public String originatingSystem() {
        return Dataset.ORIGINATING_SYSTEM;
    }

    /**
     * Moves the sim clock forward by {@code d} and applies the changes that happen in that interval; every changed
     * record gets a ModificationTimestamp in (previous now, new now]. Same as {@code POST /_sim/advance}.
     */
    public ChangeSummary advance(Duration d) {
        return advanceMillis(d.toMillis());
    }

    ChangeSummary advanceMillis(long millis) {
        return state.advance(millis);
    }

    /**
     * Every record of a resource ever published (including deleted listings), by key; same as
     * {@code GET /_sim/truth}. Resources: Property, Member, Office, OpenHouse, Media.
     */
    public List<TruthRecord> truth(String resource) {
        requireResource(resource);
        return state.truth(resource);
    }

    boolean hasResource(String resource) {
        return state.table(resource) != null;
    }

    private void requireResource(String resource) {
        if (!hasResource(resource)) {
            throw new IllegalArgumentException("unknown resource " + resource
                    + "; expected Property, Member, Office, OpenHouse or Media");
        }
    }

    /**
     * Makes every later serialization of the record write {@code field} as {@code rawJson} (null drops the field).
     * Ordering, filtering and truth keep using the real value.
     */
    public void corrupt(String resource, String key, String field, String rawJson) {
        requireResource(resource);
        state.corruptions.put(resource, key, field, rawJson);
    }

    /**
     * Makes every later OData serialization of the record broken JSON (cut off mid-object), so every page that
     * holds it is unreadable from that record on, however often it is asked for. Truth keeps the real record.
     */
    public void breakRecord(String resource, String key) {
        requireResource(resource);
        state.corruptions.breakJson(resource, key);
    }

    /**
     * Every request served so far, in order of arrival ({@link RequestLogEntry#sequence()}; providers count
     * requests when they arrive). An entry is added when its response finishes: requests still being served are
     * waited for (up to {@link #LOG_WAIT}), so a request whose answer the caller already has is always in the list.
     */
    public List<RequestLogEntry> requests() {
        synchronized (log) {
            long deadline = System.nanoTime() + LOG_WAIT.toNanos();
            long left;
            while (inFlight.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    log.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return log.stream().sorted(java.util.Comparator.comparingLong(RequestLogEntry::sequence)).toList();
        }
    }

    /** Data, media and RETS requests being served at this moment (a snapshot). */
    public List<InFlightRequest> inFlight() {
        return List.copyOf(serving.values());
    }

    /**
     * The SHA-256 (lower-case hex) of the file a current photo is served as (without injected faults), or empty
     * when no current Media record has the key.
     */
    public java.util.Optional<String> photoSha256(String mediaKey) {
        try {
            return java.util.Optional.ofNullable(router.photoSha256(mediaKey));
        } catch (Exception e) {
            throw new IllegalStateException("cannot render photo " + mediaKey, e);
        }
    }

    /** Injected faults so far, by kind (kinds never injected are absent). */
    public Map<SimFaults.Kind, Long> faultCounts() {
        return faults.counts();
    }

    /** Every suspension so far (MLS Grid style limits only), in order. */
    public List<Suspension> suspensions() {
        return quota.suspensions();
    }

    /**
     * Windows in which a credential's requests so far went over {@code limits}; empty when every window complied.
     * Same as {@link RequestLogCheck#windowsExceeded} over {@link #requests()}.
     */
    public List<RequestLogCheck.Breach> windowsExceeded(SimLimits limits) {
        return RequestLogCheck.windowsExceeded(requests(), limits);
    }

    private void record(RequestLogEntry entry) {
        synchronized (log) {
            log.add(entry);
        }
    }

    /** The sim clock. */
    public Instant now() {
        return state.now();
    }

    /** The options this simulator was started with. */
    public SimOptions options() {
        return options;
    }

    /** Stops serving and releases the port. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
