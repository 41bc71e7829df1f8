package dev.mlsync.web;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaLimits;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.replicate.PageProgress;
import dev.mlsync.replicate.RunObserver;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.store.Database;
import dev.mlsync.store.GaugeSnapshot;
import dev.mlsync.store.PageCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.MultiGauge.Row;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * mlsync's Prometheus metrics. Counters and run timers are fed by this process's runs and requests
 * ({@link RunObserver}, {@link #meter(String, Quota)}); gauges are read from the database on scrape, at most
 * every {@link #GAUGE_REFRESH}, so they include the work of every process on the database.
 */
public final class Metrics implements RunObserver {
    static final Duration GAUGE_REFRESH = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MlsyncConfig config;
    private final Database database;
    private final Clock clock;
    /** Totals of the run in progress per feed/resource, to turn cumulative page progress into increments. */
    private final Map<String, PageCounts> runTotals = new ConcurrentHashMap<>();
    private final Map<String, MultiGauge> gauges = new ConcurrentHashMap<>();
    private Instant refreshedAt = Instant.EPOCH;

    public Metrics(MlsyncConfig config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The quota, counting every answered request. */
    public Quota meter(String feedId, Quota quota) {
        return new MeteredQuota(quota, feedId, registry);
    }

    @Override
    public void pageCommitted(PageProgress progress) {
        String key = progress.feedId() + "\n" + progress.resource();
        PageCounts before = runTotals.getOrDefault(key, PageCounts.ZERO);
        PageCounts now = progress.totals();
        runTotals.put(key, now);
        count(progress, "added", now.added() - before.added());
        count(progress, "updated", now.updated() - before.updated());
        count(progress, "deleted", now.deleted() - before.deleted());
        count(progress, "unchanged", now.unchanged() - before.unchanged());
        count(progress, "failed", now.failed() - before.failed());
    }

    private void count(PageProgress progress, String operation, int increment) {
        Counter counter = Counter.builder("mlsync.records").description("Records replicated, by operation")
                .tag("feed", progress.feedId()).tag("resource", progress.resource()).tag("operation", operation)
                .register(registry);
        if (increment > 0) {
            counter.increment(increment);
        }
    }

    @Override
    public void runFinished(RunResult result) {
        runTotals.remove(result.feedId() + "\n" + result.resource());
        Tags tags = Tags.of("feed", result.feedId(), "resource", result.resource());
        Timer.builder("mlsync.run.duration").description("Replication runs, by how they ended")
                .tags(tags).tag("status", result.status()).register(registry).record(result.elapsed());
        Counter.builder("mlsync.bytes").description("Response bytes read from providers").baseUnit("bytes")
                .tags(tags).register(registry).increment(result.bytes());
    }

    /** The Prometheus text exposition, gauges refreshed from the database first. */
    public String scrape() {
        refreshGauges();
        return registry.scrape();
    }

    private synchronized void refreshGauges() {
        Instant now = clock.instant();
        if (Duration.between(refreshedAt, now).compareTo(GAUGE_REFRESH) < 0) {
            return;
        }
        refreshedAt = now;
        try {
            GaugeSnapshot snapshot = database.gauges().snapshot();
            replicaGauges(snapshot, now);
            quotaGauges();
            gauge("mlsync.database.up", "1 when the last scrape could read the database", List.of(row(Tags.empty(), 1)));
        } catch (RuntimeException e) {
            LOG.warn("metrics: cannot read the database ({}); serving the last values", e.getMessage());
            gauge("mlsync.database.up", "1 when the last scrape could read the database", List.of(row(Tags.empty(), 0)));
        }
    }

    private void replicaGauges(GaugeSnapshot snapshot, Instant now) {
        List<Row<?>> lag = new ArrayList<>();
        List<Row<?>> age = new ArrayList<>();
        List<Row<?>> records = new ArrayList<>();
        for (GaugeSnapshot.ResourceGauge r : snapshot.resources()) {
            Tags tags = Tags.of("feed", r.feedId(), "resource", r.resource());
            records.add(row(tags, r.records()));
            if (r.cursorTimestamp() != null) {
                lag.add(row(tags, Math.max(0, Duration.between(r.cursorTimestamp(), now).toSeconds())));
            }
            if (r.lastSuccess() != null) {
                age.add(row(tags, Math.max(0, Duration.between(r.lastSuccess(), now).toSeconds())));
            }
        }
        gauge("mlsync.sync.lag.seconds", "Seconds between now and the newest replicated modification", lag);
        gauge("mlsync.last.success.age.seconds", "Seconds since the last successful run", age);
        gauge("mlsync.replica.records", "Live (not deleted) records in the replica", records);
        gauge("mlsync.open.errors", "Unresolved sync_error rows", snapshot.openErrors().stream()
                .map(e -> row(Tags.of("feed", e.feedId()), e.count())).toList());
        gauge("mlsync.media.files", "Media rows by download state", snapshot.media().stream()
                .map(m -> row(Tags.of("feed", m.feedId(), "state", m.state()), m.count())).toList());
        gauge("mlsync.job.queue.depth", "Due job executions not yet picked", snapshot.queue().stream()
                .map(q -> row(Tags.of("task", q.taskName()), q.due())).toList());
        gauge("mlsync.jobs.running", "Job executions picked by a process", snapshot.queue().stream()
                .map(q -> row(Tags.of("task", q.taskName()), q.running())).toList());
    }

    private void quotaGauges() {
        List<Row<?>> used = new ArrayList<>();
        List<Row<?>> limits = new ArrayList<>();
        List<Row<?>> rate = new ArrayList<>();
        List<Row<?>> breaker = new ArrayList<>();
        for (FeedConfig feed : config.feeds()) {
            QuotaView view = Quota.view(feed, database.quota(), clock);
            addUsed(used, feed.id(), "minute", view.usedThisMinute());
            addUsed(used, feed.id(), "hour", view.usedThisHour());
            addUsed(used, feed.id(), "day", view.usedToday());
            QuotaLimits l = view.limits();
            addLimit(limits, feed.id(), "second", l.perSecond());
            addLimit(limits, feed.id(), "minute", l.perMinute());
            addLimit(limits, feed.id(), "hour", l.perHour());
            addLimit(limits, feed.id(), "day", l.perDay());
            Double adaptive = view.adaptiveRate() != null ? view.adaptiveRate()
                    : l.perSecond() != null ? Double.valueOf(l.perSecond()) : null;
            if (adaptive != null) {
                rate.add(row(Tags.of("feed", feed.id()), adaptive));
            }
            breaker.add(row(Tags.of("feed", feed.id()), view.breakerOpen() ? 1 : 0));
        }
        gauge("mlsync.quota.used", "Requests counted in the current window (all processes)", used);
        gauge("mlsync.quota.limit", "The credential's request limit per window, after quota.share", limits);
        gauge("mlsync.quota.adaptive.rate", "Requests per second currently allowed", rate);
        gauge("mlsync.breaker.open", "1 while the feed's breaker is open", breaker);
    }

    /** A window without a limit is not counted, so it has no gauge rather than a false 0. */
    private static void addUsed(List<Row<?>> rows, String feedId, String window, Long used) {
        if (used != null) {
            rows.add(row(Tags.of("feed", feedId, "window", window), used));
        }
    }

    private static void addLimit(List<Row<?>> rows, String feedId, String window, Integer limit) {
        if (limit != null) {
            rows.add(row(Tags.of("feed", feedId, "window", window), limit));
        }
    }

    private static Row<?> row(Tags tags, Number value) {
        double fixed = value.doubleValue();
        Supplier<Number> supplier = () -> fixed;
        return Row.of(tags, supplier);
    }

    private void gauge(String name, String description, List<? extends Row<?>> rows) {
        gauges.computeIfAbsent(name, n -> MultiGauge.builder(n).description(description).register(registry))
                .register(rows, true);
    }
}
