package dev.mlsync;

import dev.mlsync.alert.Alerts;
import dev.mlsync.cli.Cli;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.Provider;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.events.EventDelivery;
import dev.mlsync.jobs.JobKind;
import dev.mlsync.jobs.FeedSchedules;
import dev.mlsync.jobs.JobHandler;
import dev.mlsync.jobs.JobService;
import dev.mlsync.jobs.JobTask;
import dev.mlsync.jobs.SyncJobHandler;
import dev.mlsync.jobs.WorkerName;
import dev.mlsync.jobs.Workers;
import com.github.kagkarlsson.scheduler.task.Task;
import dev.mlsync.jobs.MediaTasks;
import dev.mlsync.media.MediaFeed;
import dev.mlsync.media.MediaWork;
import dev.mlsync.media.ObjectStore;
import dev.mlsync.media.ObjectStores;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaHttpClient;
import dev.mlsync.quota.RequestKind;
import dev.mlsync.quota.RetryPolicy;
import dev.mlsync.quota.Sleeper;
import dev.mlsync.replicate.PageProgress;
import dev.mlsync.replicate.Replicator;
import dev.mlsync.replicate.RunObserver;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.replicate.SyncService;
import dev.mlsync.source.Source;
import dev.mlsync.source.reso.ResoSource;
import dev.mlsync.source.rets.RetsSource;
import dev.mlsync.store.Database;
import dev.mlsync.web.AdminServer;
import dev.mlsync.web.Metrics;
import dev.mlsync.web.WebServices;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The composition root: the only place that constructs and wires mlsync's parts.
 */
public final class App implements AutoCloseable {
    private final MlsyncConfig config;
    private final Database database;
    private final Clock clock;
    private final Sleeper sleeper;
    private final HttpClient http;
    /** Photo downloads: redirects are followed by the media downloader, which checks every hop's host. */
    private final HttpClient mediaHttpClient;
    /** One quota per feed for the life of the app, so its per-second log and adaptive rate carry over runs. */
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    /** Metrics and alerts: see every run of this process, whoever started it. */
    private final List<RunObserver> observers = new CopyOnWriteArrayList<>();
    private volatile BiFunction<FeedConfig, Quota, Quota> quotaDecorator = (feed, quota) -> quota;
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
        this.mediaHttpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
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
     * request. The media pipeline downloads {@code rets-object:} MediaURLs ({@code rets.photos: objects}) through
     * the source its {@link #mediaFeed} holds ({@link RetsSource#fetchMedia}: GetObject per listing, re-login
     * included); Location URLs are plain HTTP photos.
     */
    public RetsSource retsSource(FeedConfig feed) {
        return RetsSource.of(feed, QuotaHttpClient.of(http, quota(feed),
                request -> RetsSource.isObjectDownload(request) ? RequestKind.MEDIA : RequestKind.DATA), clock);
    }

    public Quota quota(FeedConfig feed) {
        return quotas.computeIfAbsent(feed.id(), id -> quotaDecorator.apply(feed,
                Quota.of(feed, database.quota(), clock, sleeper, this::resumeAfterBreaker)));
    }

    /**
     * A probe closed the breaker of {@code feedId}'s credential: every feed on that credential whose last run
     * failed (the breaker stopped it) gets a job that resumes it now, not at its next scheduled run.
     */
    private void resumeAfterBreaker(String feedId) {
        FeedConfig probed = config.feed(feedId).orElse(null);
        if (probed == null) {
            return;
        }
        String credential = Quota.credentialOf(probed);
        JobService jobs = jobs();
        for (FeedConfig feed : config.feeds()) {
            if (Quota.credentialOf(feed).equals(credential) && database.runs().lastRunFailed(feed.id())) {
                jobs.submitResume(feed.id());
            }
        }
    }

    public Clock clock() {
        return clock;
    }

    public SyncService sync() {
        Replicator replicator = new Replicator(database.replica(), database.runs(), clock,
                RetryPolicy.ofDefaults(sleeper)::call);
        return new SyncService(replicator, this::source, new Observers(), this::scheduleMedia);
    }

    /** Adds an observer of every later run of this process (metrics, alerts). */
    public void observe(RunObserver observer) {
        observers.add(observer);
    }

    /** Wraps every feed's quota, those in use and those created later (metrics count each request's answer). */
    public void decorateQuotas(BiFunction<FeedConfig, Quota, Quota> decorator) {
        quotaDecorator = decorator;
        quotas.replaceAll((id, quota) -> config.feed(id).map(feed -> decorator.apply(feed, quota)).orElse(quota));
    }

    /** Tells every observer; one that throws must not break the run or the others. */
    private final class Observers implements RunObserver {
        @Override
        public void pageCommitted(PageProgress progress) {
            for (RunObserver observer : observers) {
                try {
                    observer.pageCommitted(progress);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(App.class).warn("run observer failed: {}", e.toString());
                }
            }
        }

        @Override
        public void runFinished(RunResult result) {
            for (RunObserver observer : observers) {
                try {
                    observer.runFinished(result);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(App.class).warn("run observer failed: {}", e.toString());
                }
            }
        }
    }

    /** Lists and re-queues dead letters ({@code mlsync errors}, {@code /api/errors}). */
    public dev.mlsync.replicate.DeadLetters deadLetters() {
        return new dev.mlsync.replicate.DeadLetters(database.deadLetters(), clock);
    }

    /** Local edits of listings and their conflicts with the MLS ({@code mlsync listing edit}, {@code mlsync conflicts}, the API). */
    public dev.mlsync.replicate.ListingEdits listingEdits() {
        return new dev.mlsync.replicate.ListingEdits(database.overrides(), clock);
    }

    /** Submits, shows, lists and cancels jobs (CLI and HTTP API); the jobs run on {@link dev.mlsync.jobs.Workers}. */
    public JobService jobs() {
        return new JobService(config, database.jobs(), database.dataSource(), clock, jobHandlers().keySet(),
                ResoSource::partialSyncRefusal);
    }

    /** One handler per job kind this build runs; a kind without one is refused at submit. */
    private Map<JobKind, JobHandler> jobHandlers() {
        SyncJobHandler syncJobs = new SyncJobHandler(config, sync(), database.runs());
        return Map.of(JobKind.INCREMENTAL, syncJobs, JobKind.FULL, syncJobs,
                JobKind.MEDIA, new dev.mlsync.jobs.MediaJobHandler(database.media(), database.jobMedia(), clock),
                JobKind.RECONCILE, new dev.mlsync.jobs.ReconcileJobHandler(config, reconciler()));
    }

    /** Key reconciliation ({@code mlsync reconcile}, reconcile jobs); key pages under the same retries as sync pages. */
    public dev.mlsync.replicate.Reconciler reconciler() {
        return new dev.mlsync.replicate.Reconciler(database.reconcile(), database.replica(), sync(), this::source,
                feed -> feed.provider() == Provider.RETS ? null : ResoSource.partialSyncRefusal(feed), clock,
                RetryPolicy.ofDefaults(sleeper)::call);
    }

    /** Compares a replica record with the provider's copy now ({@code mlsync diff}, {@code GET …/diff}). */
    public dev.mlsync.replicate.ListingDiff listingDiff() {
        return new dev.mlsync.replicate.ListingDiff(database.reconcile(), this::source,
                feed -> feed.provider() == Provider.RETS ? null : ResoSource.partialSyncRefusal(feed));
    }

    /** Hard purge of records deleted longer than each feed's lifecycle.purgeAfter, objects through the ObjectStore. */
    public dev.mlsync.replicate.Purger purger() {
        return new dev.mlsync.replicate.Purger(database.purge(), objectStore(), clock);
    }

    /** The db-scheduler tasks every worker process runs besides jobs and feed schedules (e.g. the media queue's). */
    private List<Task<?>> workerTasks() {
        MediaTasks media = new MediaTasks(media(), config.media().sweepInterval());
        List<Task<?>> tasks = new ArrayList<>(media.tasks());
        tasks.addAll(media.startTasks());
        tasks.add(dev.mlsync.jobs.PurgeTask.of(config, purger()));
        return tasks;
    }

    /** Starts this process's scheduler and workers (one per process) with the default name. */
    public Workers workers() {
        return workers(WorkerName.ofThisProcess());
    }

    /** As {@link #workers()} under another name (shown in job.worker; tests run two in one JVM). */
    public Workers workers(String name) {
        return workers(name, workerTasks());
    }

    /**
     * Starts this process's scheduler: the job task, every feed's schedules, and {@code moreTasks}
     * (e.g. the media queue's). {@code name} shows in job.worker (tests run two on one JVM).
     */
    public Workers workers(String name, List<Task<?>> moreTasks) {
        List<Task<?>> tasks = new ArrayList<>();
        tasks.add(JobTask.of(database.jobs(), jobHandlers(), clock));
        tasks.addAll(FeedSchedules.of(config, jobs()));
        tasks.addAll(moreTasks);
        return Workers.start(database.dataSource(), config.workers(), name, tasks);
    }

    /**
     * Starts what {@code mlsync serve} adds to the services: metrics of every later run and request, this
     * process's scheduler and workers ({@link #workers()}), and the HTTP server (API, health, metrics, dashboard). Closing the result stops them, newest first.
     *
     * @throws dev.mlsync.web.ServerRefusedException when the address is public and no admin token is set
     */
    public Serving serve(ServerConfig server) {
        AdminServer.requireTokenOffLoopback(server);
        database.stopEmbeddedLast();
        Metrics metrics = new Metrics(config, database, clock);
        observe(metrics);
        decorateQuotas((feed, quota) -> metrics.meter(feed.id(), quota));
        MlsyncConfig served = config.withServer(server);
        Alerts alerts = Alerts.start(served, database, clock, http);
        observe(alerts);
        Workers workers = workers();
        EventDelivery events = startEventDelivery();
        try {
            AdminServer http = AdminServer.start(server,
                    new WebServices(served, database, clock, metrics, jobs(), workers::running, alerts::recent,
                            listingDiff()));
            return new Serving(http, List.of(http, workers, alerts, events));
        } catch (RuntimeException e) {
            workers.close();
            alerts.close();
            events.close();
            throw e;
        }
    }

    /**
     * Starts delivering change events to the configured webhooks, and purging old ones, on this process
     * ({@code serve} and {@code worker}); the database lets one process at a time deliver each webhook.
     */
    public EventDelivery startEventDelivery() {
        return EventDelivery.of(config.events(), database, clock, http,
                WorkerName.ofThisProcess() + " " + java.util.UUID.randomUUID().toString().substring(0, 8)).start();
    }

    /** What {@link #serve} started; {@link #close()} stops the parts in order (the HTTP server first). */
    public record Serving(AdminServer http, List<AutoCloseable> parts) implements AutoCloseable {
        @Override
        public void close() {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(App.class).warn("stopping {} failed: {}", part, e.toString());
                }
            }
        }
    }

    /**
     * After a Property run: its listings with pending photos get their media task (new listings first). The run
     * itself has committed; should scheduling fail (the database went away), the run stays a success and the
     * media sweep schedules the photos at backfill priority instead.
     */
    private void scheduleMedia(RunResult run) {
        if ("Property".equals(run.resource())) {
            try {
                // the run's own start: "now minus elapsed" drifted past pages committed early in a short run
                database.media().schedulePending(MediaTasks.LISTING_TASK, run.feedId(), null,
                        run.kind() == dev.mlsync.replicate.RunKind.INCREMENTAL ? run.started() : null, clock.instant());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(App.class).warn("feed {}: scheduling the photos of run {} failed "
                        + "({}); the media sweep schedules them", run.feedId(), run.runId(), e.getMessage());
            }
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
            HttpClient mediaHttp = QuotaHttpClient.of(mediaHttpClient, quota(feed), request -> RequestKind.MEDIA);
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

                @Override
                public boolean resolvesMedia(String mediaUrl) {
                    return source.resolvesMedia(mediaUrl);
                }

                @Override
                public void fetchMedia(java.util.List<String> mediaUrls, dev.mlsync.source.MediaReceiver receiver) {
                    source.fetchMedia(mediaUrls, receiver);
                }

                @Override
                public String ownHost() {
                    return feed.baseUrl() == null ? null : feed.baseUrl().getHost();
                }

                @Override
                public dev.mlsync.config.DerivativeSettings derivatives() {
                    return feed.media().derivativeSettings(config.media());
                }

                @Override
                public boolean allowPrivateHosts() {
                    return feed.media().allowPrivateHosts();
                }
            };
        });
    }

    /** The media work of every configured feed (downloads, derivatives, sweep), created on first use. */
    public synchronized MediaWork media() {
        if (mediaWork == null) {
            mediaWork = new MediaWork(database.media(), objectStore(), config.media(),
                    id -> config.feed(id).map(this::mediaFeed), clock, MediaTasks.LISTING_TASK);
            mediaWork.applyDerivativeSettings(config.feeds().stream().map(FeedConfig::id).toList());
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
        // Unused batched quota slots go back now, not when they expire, so other processes may use them.
        quotas.values().forEach(Quota::close);
        database.close();
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
