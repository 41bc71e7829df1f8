package dev.mlsync;

import dev.mlsync.cli.Cli;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.jobs.MediaTasks;
import dev.mlsync.media.MediaFeed;
import dev.mlsync.media.MediaWork;
import dev.mlsync.media.ObjectStore;
import dev.mlsync.media.ObjectStores;
import dev.mlsync.quota.RequestKind;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaHttpClient;
import dev.mlsync.quota.RetryPolicy;
import dev.mlsync.quota.Sleeper;
import dev.mlsync.replicate.Replicator;
import dev.mlsync.replicate.SyncService;
import dev.mlsync.source.Source;
import dev.mlsync.source.reso.ResoSource;
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
    private final Map<String, MediaFeed> mediaFeeds = new ConcurrentHashMap<>();
    private ObjectStore objectStore;
    private MediaWork mediaWork;

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
        return ResoSource.of(feed, QuotaHttpClient.of(http, quota(feed)), clock);
    }

    public Quota quota(FeedConfig feed) {
        return quotas.computeIfAbsent(feed.id(), id -> Quota.of(feed, database.quota(), clock, sleeper));
    }

    public SyncService sync() {
        Replicator replicator = new Replicator(database.replica(), database.runs(), clock,
                RetryPolicy.ofDefaults(sleeper)::call);
        return new SyncService(replicator, this::source, this::scheduleMedia);
    }

    /** After a Property run: its listings with pending photos get their media task (new listings first). */
    private void scheduleMedia(RunResult run) {
        if ("Property".equals(run.resource())) {
            java.time.Instant started = clock.instant().minus(run.elapsed());
            database.media().schedulePending(MediaTasks.LISTING_TASK, run.feedId(), null,
                    run.kind() == dev.mlsync.replicate.RunKind.INCREMENTAL ? started : null, clock.instant());
        }
    }

    /** The configured object store ({@code storage:}), opened on first use. */
    public synchronized ObjectStore objectStore() {
        if (objectStore == null) {
            objectStore = ObjectStores.of(config.storage());
        }
        return objectStore;
    }

    /** Downloads through the feed's quota (as media requests), with the provider's media rules. */
    public MediaFeed mediaFeed(FeedConfig feed) {
        return mediaFeeds.computeIfAbsent(feed.id(), id -> {
            Source source = source(feed);
            HttpClient mediaHttp = QuotaHttpClient.of(http, quota(feed), request -> RequestKind.MEDIA);
            return new MediaFeed() {
                @Override
                public String feedId() {
                    return feed.id();
                }

                @Override
                public HttpClient http() {
                    return mediaHttp;
                }

                @Override
                public Map<String, String> headers(java.net.URI url) {
                    return source.mediaHeaders(url);
                }

                @Override
                public Duration urlReuseWindow() {
                    return source.mediaUrlReuseWindow();
                }

                @Override
                public java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> listingMedia(String key) {
                    return source.listingMedia(key);
                }
            };
        });
    }

    /** The media work of every configured feed (downloads, derivatives, sweep), created on first use. */
    public synchronized MediaWork media() {
        if (mediaWork == null) {
            mediaWork = new MediaWork(database.media(), objectStore(), config.media(),
                    id -> config.feed(id).map(this::mediaFeed), clock, MediaTasks.LISTING_TASK);
        }
        return mediaWork;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (mediaWork != null) {
                mediaWork.close();
            }
            if (objectStore instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // nothing is pending in a store after its last put returned
                }
            }
        }
        database.close();
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
