package dev.mlsync.alert;

import dev.mlsync.config.ServerConfig.AlertsConfig;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.store.LastRunRow;
import dev.mlsync.store.RunRow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The alert rules, as a pure function of what the database says and the time: every rule yields a
 * {@link Condition} (holding or not) for every feed/resource it applies to, so episodes also resolve.
 * <ul>
 *   <li>{@code sync_failed}: the last finished run of a feed's resource failed (page retries are inside the run)</li>
 *   <li>{@code run_too_long}: a run has been going longer than {@code longRunMinutes}</li>
 *   <li>{@code error_rate}: the last finished run failed more than {@code errorRatePercent} of its records</li>
 *   <li>{@code no_recent_success}: no successful run of the feed for {@code staleHours}</li>
 *   <li>{@code breaker_open}: the feed's breaker is open (repeated 429s)</li>
 *   <li>{@code many_new_photos}: the last finished run brought more than {@code newPhotosPerRun} media records</li>
 *   <li>{@code credential_used_elsewhere}: the provider counted more requests on the feed's credential than this
 *       deployment sent, within the last {@link #USED_ELSEWHERE_QUIET} (the quota raises the warning again at most
 *       once an hour while it lasts, so a warning older than that means the foreign use stopped)</li>
 * </ul>
 */
public final class AlertRules {
    public static final List<String> RULES = List.of("sync_failed", "run_too_long", "error_rate",
            "no_recent_success", "breaker_open", "many_new_photos", "credential_used_elsewhere");
    /** How long after the last "credential used elsewhere" warning the alert resolves. */
    public static final Duration USED_ELSEWHERE_QUIET = Duration.ofHours(2);
    private static final String USED_ELSEWHERE = "credential used elsewhere";

    private final AlertsConfig thresholds;

    public AlertRules(AlertsConfig thresholds) {
        this.thresholds = thresholds;
    }

    public List<Condition> evaluate(List<LastRunRow> runs, List<QuotaView> quotas, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        for (LastRunRow row : runs) {
            conditions.add(syncFailed(row));
            conditions.add(runTooLong(row, now));
            conditions.add(errorRate(row));
            conditions.add(manyNewPhotos(row));
        }
        Map<String, List<LastRunRow>> byFeed = runs.stream().collect(Collectors.groupingBy(LastRunRow::feedId));
        byFeed.forEach((feed, rows) -> conditions.add(noRecentSuccess(feed, rows, now)));
        for (QuotaView quota : quotas) {
            conditions.add(Condition.of("breaker_open", quota.feedId(), "", quota.breakerOpen(), "feed "
                    + quota.feedId() + ": the breaker is open after repeated 429s; requests are suspended until "
                    + quota.suspendedUntil()));
            conditions.add(usedElsewhere(quota, now));
        }
        return conditions;
    }

    private static Condition usedElsewhere(QuotaView quota, Instant now) {
        boolean holds = quota.warning() != null && quota.warning().startsWith(USED_ELSEWHERE)
                && quota.warningAt() != null && quota.warningAt().plus(USED_ELSEWHERE_QUIET).isAfter(now);
        return Condition.of("credential_used_elsewhere", quota.feedId(), "", holds, holds ? "feed " + quota.feedId()
                + ": " + quota.warning() + " (at " + quota.warningAt() + "); another deployment or tool shares this "
                + "credential, and together you may be suspended" : null);
    }

    private static Condition syncFailed(LastRunRow row) {
        RunRow last = row.lastFinished();
        boolean failed = last != null && "failed".equals(last.status());
        return Condition.of("sync_failed", row.feedId(), row.resource(), failed, failed
                ? where(row) + "run " + last.id() + " failed: " + Objects.requireNonNullElse(last.error(), "no reason recorded")
                : null);
    }

    private Condition runTooLong(LastRunRow row, Instant now) {
        Duration limit = Duration.ofMinutes(thresholds.longRunMinutes());
        Duration going = row.oldestRunningSince() == null ? Duration.ZERO : Duration.between(row.oldestRunningSince(), now);
        boolean holds = going.compareTo(limit) > 0;
        return Condition.of("run_too_long", row.feedId(), row.resource(), holds, holds
                ? where(row) + "a run has been going for " + going.toMinutes() + " min (threshold "
                + limit.toMinutes() + " min)" : null);
    }

    private Condition errorRate(LastRunRow row) {
        RunRow last = row.lastFinished();
        long records = last == null ? 0 : (long) last.added() + last.updated() + last.deleted() + last.unchanged()
                + last.failed();
        double percent = records == 0 ? 0 : 100.0 * last.failed() / records;
        boolean holds = percent > thresholds.errorRatePercent();
        return Condition.of("error_rate", row.feedId(), row.resource(), holds, holds
                ? where(row) + "run " + last.id() + " could not store " + last.failed() + " of " + records
                + " records (" + String.format(Locale.ROOT, "%.1f", percent) + " % > "
                + thresholds.errorRatePercent() + " %); see GET /api/errors" : null);
    }

    private Condition manyNewPhotos(LastRunRow row) {
        RunRow last = row.lastFinished();
        boolean holds = last != null && last.media() > thresholds.newPhotosPerRun();
        return Condition.of("many_new_photos", row.feedId(), row.resource(), holds, holds
                ? where(row) + "run " + last.id() + " brought " + last.media() + " media records (threshold "
                + thresholds.newPhotosPerRun() + ")" : null);
    }

    private Condition noRecentSuccess(String feed, List<LastRunRow> rows, Instant now) {
        Instant lastSuccess = rows.stream().map(LastRunRow::lastSuccess).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Instant since = lastSuccess != null ? lastSuccess : rows.stream().map(LastRunRow::firstRunAt)
                .filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(now);
        Duration limit = Duration.ofHours(thresholds.staleHours());
        Duration age = Duration.between(since, now);
        boolean holds = age.compareTo(limit) > 0;
        return Condition.of("no_recent_success", feed, "", holds, holds ? "feed " + feed + ": no successful run for "
                + age.toHours() + " h (threshold " + limit.toHours() + " h)" + (lastSuccess == null
                ? "; it never completed one" : "; the last one finished at " + lastSuccess) : null);
    }

    private static String where(LastRunRow row) {
        return "feed " + row.feedId() + ", " + row.resource() + ": ";
    }
}
