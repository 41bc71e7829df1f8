package dev.mlsync;

import dev.mlsync.cli.Cli;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaHttpClient;
import dev.mlsync.quota.RequestKind;
import dev.mlsync.quota.RetryPolicy;
import dev.mlsync.quota.Sleeper;
import dev.mlsync.replicate.Replicator;
import dev.mlsync.replicate.SyncService;
import dev.mlsync.source.Source;
import dev.mlsync.source.reso.ResoSource;
import dev.mlsync.source.rets.RetsSource;
import dev.mlsync.store.Database;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The composition root: the only place that constructs and wires mlsync's parts.
 */
public final class App implements AutoCloseable {
    private final MlsyncConfig config;
    private final Database database;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpClient http;
    /** One quota per feed for the life of the app, so its per-second log and adaptive rate carry over runs. */
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();

    private App(MlsyncConfig config, Database database, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.database = database;
        this.clock = clock;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Opens the configured database (starting embedded PostgreSQL when configured) and wires the services. */
    public static App open(MlsyncConfig config) {
        return new App(config, Database.open(config.database()), Clock.systemUTC(), Sleeper.system());
    }

    /** Wires the services over an already open database (tests, external databases). */
    public static App over(MlsyncConfig config, Database database, Clock clock) {
        return new App(config, database, clock, Sleeper.system());
    }

    /** Like {@link #over(MlsyncConfig, Database, Clock)} with the sleeper quotas wait through (tests step a clock). */
    public static App over(MlsyncConfig config, Database database, Clock clock, Sleeper sleeper) {
        return new App(config, database, clock, sleeper);
    }

    public MlsyncConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** The feed's source; every request it sends (data, media batches, OAuth2 token) passes the feed's quota. */
    public Source source(FeedConfig feed) {
        if (feed.provider() == Provider.RETS) {
            return retsSource(feed);
        }
        return ResoSource.of(feed, QuotaHttpClient.of(http, quota(feed)), clock);
    }

    /**
     * A RETS feed's source; every request passes the feed's quota, a GetObject download as a media
     * request. The media pipeline resolves {@code rets-object:} MediaURLs with {@link RetsSource#fetchObject}.
     */
    public RetsSource retsSource(FeedConfig feed) {
        return RetsSource.of(feed, QuotaHttpClient.of(http, quota(feed),
                request -> RetsSource.isObjectDownload(request) ? RequestKind.MEDIA : RequestKind.DATA), clock);
    }

    public Quota quota(FeedConfig feed) {
        return quotas.computeIfAbsent(feed.id(), id -> Quota.of(feed, database.quota(), clock, sleeper));
    }

    public SyncService sync() {
        Replicator replicator = new Replicator(database.replica(), database.runs(), clock,
                RetryPolicy.ofDefaults(sleeper)::call);
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
