package dev.mlsync.alert;

import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.replicate.RunObserver;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.store.AlertRow;
import dev.mlsync.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates the {@link AlertRules} after each run of this process and every {@link #PERIOD}, and delivers
 * each episode once when it fires and once when it resolves: to the log, to {@code GET /api/alerts} (the
 * {@code alert} table) and to the configured webhooks. Several processes may evaluate; the database lets
 * only the one that opened (or closed) an episode deliver it.
 */
public final class Alerts implements RunObserver, AutoCloseable {
    public static final Duration PERIOD = Duration.ofMinutes(1);
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(2));
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final MlsyncConfig config;
    private final Database database;
    private final Clock clock;
    private final AlertRules rules;
    private final ScheduledExecutorService executor;
    private final Webhooks webhooks;

    Alerts(MlsyncConfig config, Database database, Clock clock, HttpClient http, List<Duration> retryDelays) {
        this.config = config;
        this.database = database;
        this.clock = clock;
        this.rules = new AlertRules(config.server().alerts());
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mlsync-alerts");
            thread.setDaemon(true);
            return thread;
        });
        this.webhooks = new Webhooks(config.server().alerts().webhooks(), http, executor, retryDelays);
    }

    /** Alerting with the default webhook retries, evaluated every {@link #PERIOD} from now on. */
    public static Alerts start(MlsyncConfig config, Database database, Clock clock, HttpClient http) {
        Alerts alerts = new Alerts(config, database, clock, http, RETRY_DELAYS);
        alerts.executor.scheduleWithFixedDelay(alerts::evaluateQuietly, 0, PERIOD.toSeconds(), TimeUnit.SECONDS);
        return alerts;
    }

    @Override
    public void runFinished(RunResult result) {
        executor.execute(this::evaluateQuietly);
    }

    /** Evaluates every rule now, on the calling thread; returns the episodes this call opened or closed. */
    public List<AlertRow> evaluate() {
        List<QuotaView> quotas = config.feeds().stream()
                .map(feed -> Quota.view(feed, database.quota(), clock)).toList();
        List<Condition> conditions = rules.evaluate(database.alerts().lastRuns(), quotas, clock.instant());
        List<AlertRow> changed = new java.util.ArrayList<>();
        for (Condition condition : conditions) {
            if (condition.holds()) {
                database.alerts().fire(condition.rule(), condition.feedId(), condition.subject(), condition.message(),
                        clock.instant()).ifPresent(fired -> {
                            changed.add(fired);
                            LOG.warn("alert {} fired: {}", fired.rule(), fired.message());
                            webhooks.deliver(payload(fired, "firing"));
                        });
            } else {
                database.alerts().resolve(condition.rule(), condition.feedId(), condition.subject(), clock.instant())
                        .ifPresent(resolved -> {
                            changed.add(resolved);
                            LOG.info("alert {} resolved: {}", resolved.rule(), resolved.message());
                            webhooks.deliver(payload(resolved, "resolved"));
                        });
            }
        }
        return changed;
    }

    /** Open alerts and those resolved in the last day, for the API and the dashboard. */
    public List<AlertRow> recent() {
        return database.alerts().recent(clock.instant().minus(Duration.ofDays(1)), 200);
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("alerts: evaluation failed ({}); trying again in {} s", e.getMessage(), PERIOD.toSeconds());
        }
    }

    static Map<String, Object> payload(AlertRow alert, String state) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", "[mlsync] " + state.toUpperCase(java.util.Locale.ROOT) + " " + alert.rule() + ": "
                + alert.message());
        payload.put("state", state);
        payload.put("alert", alert);
        return payload;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
