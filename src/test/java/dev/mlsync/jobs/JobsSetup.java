package dev.mlsync.jobs;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.WorkersConfig;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The simulator over loopback HTTP, a fresh embedded PostgreSQL database, and apps (one per "process") on it. */
final class JobsSetup implements AutoCloseable {
    static final String TOKEN = "secret-for-tests";
    /** The simulator enforces no limits; a preset's limits would only slow these tests down. */
    static final RateLimits SIMULATOR_LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);
    /** Fast heartbeats so a dead worker's job is taken over within about two seconds. */
    static final WorkersConfig FAST = new WorkersConfig(2, Duration.ofMillis(200), Duration.ofMillis(300), 4,
            Duration.ofSeconds(10));

    final Simulator sim;
    final String url;
    final Replica replica;
    final MlsyncConfig config;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private JobsSetup(Simulator sim, String url, MlsyncConfig config) {
        this.sim = sim;
        this.url = url;
        this.config = config;
        this.replica = new Replica(url, "f1");
    }

    static JobsSetup of(int listings, int pageSize, ScheduleConfig schedule, SimFaults faults) {
        Simulator sim = Simulator.start(SimOptions.of(listings).withProfile(SimProfile.RESO).withToken(TOKEN)
                .withFaults(faults));
        FeedConfig feed = new FeedConfig("f1", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer(TOKEN),
                sim.originatingSystem(), List.of("Property"), pageSize, ProfileOverrides.none(), SIMULATOR_LIMITS, null)
                .withSchedule(schedule);
        return new JobsSetup(sim, TestPostgres.freshDatabaseUrl(),
                new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withWorkers(FAST));
    }

    /** No recurring schedule: jobs run only when submitted. */
    static ScheduleConfig unscheduled() {
        return new ScheduleConfig(null, null);
    }

    FeedConfig feed() {
        return config.feeds().getFirst();
    }

    /** A new "process": its own connection pool (so its leases and connections die with it). */
    App app() {
        return app(config);
    }

    App app(MlsyncConfig configuration) {
        App app = App.over(configuration, Database.connect(url, "postgres", null), Clock.systemUTC());
        opened.add(app);
        return app;
    }

    Workers workers(App app, String name) {
        Workers workers = app.workers(name);
        opened.add(workers);
        return workers;
    }

    /** Polls until {@code condition} holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // already closed by the test
            }
        }
        sim.close();
    }
}
