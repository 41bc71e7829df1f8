package dev.mlsync.cli;

import dev.mlsync.App;
import dev.mlsync.quota.Quota;
import dev.mlsync.quota.QuotaView;
import dev.mlsync.store.FeedStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mlsync status}: where every feed and resource stands. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each feed's resources (last run and its counts, cursor, lag behind now, open errors) "
                + "and its request quota (limits, use this minute/hour/day, adaptive rate, breaker).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        try (App app = App.open(config.load())) {
            List<FeedStatus> feeds = app.database().status().feeds();
            Instant now = Instant.now();
            List<QuotaView> quotas = app.config().feeds().stream()
                    .map(feed -> Quota.view(feed, app.database().quota(), Clock.systemUTC())).toList();
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                feeds.forEach(f -> rows.add(asMap(f, now)));
                System.out.println(Json.write(Map.of("feeds", rows,
                        "quotas", quotas.stream().map(QuotaStatus::asMap).toList())));
            } else {
                printTable(feeds, now);
                QuotaStatus.print(quotas);
            }
        }
        return 0;
    }

    private static Map<String, Object> asMap(FeedStatus f, Instant now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("feed", f.feedId());
        row.put("resource", f.resource());
        row.put("records", f.records());
        row.put("deletedRecords", f.deletedRecords());
        row.put("media", f.media());
        row.put("cursor", f.cursorTimestamp() == null ? null
                : Map.of("timestamp", f.cursorTimestamp().toString(), "key", String.valueOf(f.cursorKey())));
        row.put("lagSeconds", lag(f, now) == null ? null : lag(f, now).toSeconds());
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", f.lastRunId());
        run.put("kind", f.lastRunKind());
        run.put("status", f.lastRunStatus());
        run.put("started", f.lastRunStarted());
        run.put("finished", f.lastRunFinished());
        run.put("added", f.lastRunAdded());
        run.put("updated", f.lastRunUpdated());
        run.put("deleted", f.lastRunDeleted());
        run.put("failed", f.lastRunFailed());
        run.put("error", f.lastRunError());
        row.put("lastRun", run);
        row.put("lastSuccess", f.lastSuccess());
        row.put("openErrors", f.openErrors());
        return row;
    }

    private static Duration lag(FeedStatus f, Instant now) {
        return f.cursorTimestamp() == null ? null : Duration.between(f.cursorTimestamp(), now);
    }

    private static void printTable(List<FeedStatus> feeds, Instant now) {
        if (feeds.isEmpty()) {
            System.out.println("No runs yet. Configure a feed in mlsync.yml and run: mlsync sync");
            return;
        }
        System.out.printf("%-14s %-10s %9s %9s %-10s %-27s %10s %7s %7s %7s  %s%n", "FEED", "RESOURCE", "RECORDS",
                "MEDIA", "LAST RUN", "CURSOR", "LAG", "ADDED", "UPDATED", "ERRORS", "ERROR");
        for (FeedStatus f : feeds) {
            System.out.printf("%-14s %-10s %9d %9d %-10s %-27s %10s %7s %7s %7d  %s%n", f.feedId(), f.resource(),
                    f.records(), f.media(), f.lastRunStatus() == null ? "-" : f.lastRunStatus(),
                    f.cursorTimestamp() == null ? "-" : f.cursorTimestamp(), humanLag(lag(f, now)),
                    f.lastRunAdded() == null ? "-" : f.lastRunAdded(),
                    f.lastRunUpdated() == null ? "-" : f.lastRunUpdated(), f.openErrors(),
                    f.lastRunError() == null ? "" : f.lastRunError());
        }
    }

    private static String humanLag(Duration lag) {
        if (lag == null) {
            return "-";
        }
        long s = Math.max(0, lag.toSeconds());
        return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s < 172_800 ? s / 3600 + "h" : s / 86_400 + "d";
    }
}
