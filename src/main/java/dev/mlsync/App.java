package dev.mlsync;

import dev.mlsync.cli.Cli;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.Replicator;
import dev.mlsync.replicate.SyncService;
import dev.mlsync.source.Source;
import dev.mlsync.source.reso.ResoSource;
import dev.mlsync.store.Database;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The composition root: the only place that constructs and wires mlsync's parts.
 */
public final class App implements AutoCloseable {
    private final MlsyncConfig config;
    private final Database database;
    private final Clock clock;
    private final HttpClient http;

    private App(MlsyncConfig config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Opens the configured database (starting embedded PostgreSQL when configured) and wires the services. */
    public static App open(MlsyncConfig config) {
        return new App(config, Database.open(config.database()), Clock.systemUTC());
    }

    /** Wires the services over an already open database (tests, external databases). */
    public static App over(MlsyncConfig config, Database database, Clock clock) {
        return new App(config, database, clock);
    }

    public MlsyncConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public Source source(FeedConfig feed) {
        return ResoSource.of(feed, http, clock);
    }

    public SyncService sync() {
        Replicator replicator = new Replicator(database.replica(), database.runs(), clock);
        return new SyncService(replicator, this::source);
    }

    @Override
    public void close() {
        database.close();
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
