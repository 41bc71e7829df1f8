package dev.mlsync.web;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.Secrets;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.store.Database;
import dev.mlsync.store.FeedStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The feeds as {@code /api/feeds} shows them: configuration (without secrets), per resource what
 * {@code mlsync status} shows ({@link dev.mlsync.store.StatusStore}), and the quota ({@link Quota#view}).
 */
final class FeedViews {
    private final MlsyncConfig config;
    private final Database database;
    private final Clock clock;

    FeedViews(MlsyncConfig config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        this.clock = clock;
    }

    /** Every configured feed, then every feed the database knows that is no longer configured. */
    List<Map<String, Object>> all() {
        List<FeedStatus> statuses = database.status().feeds();
        Set<String> ids = new LinkedHashSet<>();
        config.feeds().forEach(feed -> ids.add(feed.id()));
        statuses.forEach(status -> ids.add(status.feedId()));
        Instant now = clock.instant();
        return ids.stream().map(id -> view(id, statuses, now)).toList();
    }

    Optional<Map<String, Object>> one(String feedId) {
        List<FeedStatus> statuses = database.status().feeds();
        boolean known = config.feed(feedId).isPresent() || statuses.stream().anyMatch(s -> s.feedId().equals(feedId));
        return known ? Optional.of(view(feedId, statuses, clock.instant())) : Optional.empty();
    }

    private Map<String, Object> view(String feedId, List<FeedStatus> statuses, Instant now) {
        List<FeedStatus> own = statuses.stream().filter(s -> s.feedId().equals(feedId)).toList();
        Optional<FeedConfig> feed = config.feed(feedId);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", feedId);
        row.put("configured", feed.isPresent());
        row.put("provider", feed.map(f -> f.provider().configName()).orElse(null));
        row.put("baseUrl", feed.map(f -> Secrets.redactUrl(String.valueOf(f.baseUrl()))).orElse(null));
        row.put("auth", feed.map(f -> f.auth() == null ? "none" : f.auth().type().name().toLowerCase()).orElse(null));
        row.put("records", own.stream().mapToLong(FeedStatus::records).sum());
        row.put("media", own.stream().mapToLong(FeedStatus::media).sum());
        row.put("openErrors", own.stream().mapToLong(FeedStatus::openErrors).sum());
        Instant lastSuccess = own.stream().map(FeedStatus::lastSuccess).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        row.put("lastSuccess", lastSuccess);
        row.put("lagSeconds", own.stream().map(s -> lag(s, now)).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(null));
        row.put("lastRun", own.stream().filter(s -> s.lastRunId() != null)
                .max(Comparator.comparing(FeedStatus::lastRunId)).map(FeedViews::lastRun).orElse(null));
        row.put("resources", own.stream().map(s -> resource(s, now)).toList());
        row.put("quota", feed.map(f -> quota(Quota.view(f, database.quota(), clock))).orElse(null));
        return row;
    }

    private static Long lag(FeedStatus status, Instant now) {
        return status.cursorTimestamp() == null ? null
                : Math.max(0, Duration.between(status.cursorTimestamp(), now).toSeconds());
    }

    private static Map<String, Object> resource(FeedStatus s, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("resource", s.resource());
        row.put("records", s.records());
        row.put("deletedRecords", s.deletedRecords());
        row.put("media", s.media());
        row.put("cursor", s.cursorTimestamp() == null ? null
                : Map.of("timestamp", s.cursorTimestamp(), "key", String.valueOf(s.cursorKey())));
        row.put("lagSeconds", lag(s, now));
        row.put("lastRun", s.lastRunId() == null ? null : lastRun(s));
        row.put("lastSuccess", s.lastSuccess());
        row.put("openErrors", s.openErrors());
        return row;
    }

    private static Map<String, Object> lastRun(FeedStatus s) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", s.lastRunId());
        run.put("resource", s.resource());
        run.put("kind", s.lastRunKind());
        run.put("status", s.lastRunStatus());
        run.put("startedAt", s.lastRunStarted());
        run.put("finishedAt", s.lastRunFinished());
        run.put("added", s.lastRunAdded());
        run.put("updated", s.lastRunUpdated());
        run.put("deleted", s.lastRunDeleted());
        run.put("failed", s.lastRunFailed());
        run.put("error", s.lastRunError());
        return run;
    }

    static Map<String, Object> quota(QuotaView view) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("credential", view.credentialId());
        row.put("limits", view.limits());
        row.put("usedThisMinute", view.usedThisMinute());
        row.put("usedThisHour", view.usedThisHour());
        row.put("usedToday", view.usedToday());
        row.put("adaptiveRate", view.adaptiveRate());
        row.put("breaker", view.breakerOpen() ? "open" : "closed");
        row.put("suspendedUntil", view.suspendedUntil());
        row.put("retryAfterUntil", view.blockedUntil());
        return row;
    }

}
