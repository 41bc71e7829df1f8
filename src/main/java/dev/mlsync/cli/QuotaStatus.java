package dev.mlsync.cli;

import dev.mlsync.quota.QuotaLimits;
import dev.mlsync.quota.QuotaView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The quota part of {@code mlsync status}: per feed, its limits, use, adaptive rate and breaker. */
final class QuotaStatus {
    private QuotaStatus() {
    }

    static Map<String, Object> asMap(QuotaView view) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("feed", view.feedId());
        row.put("credential", view.credentialId());
        QuotaLimits limits = view.limits();
        Map<String, Object> limitMap = new LinkedHashMap<>();
        limitMap.put("perSecond", limits.perSecond());
        limitMap.put("perMinute", limits.perMinute());
        limitMap.put("perHour", limits.perHour());
        limitMap.put("perDay", limits.perDay());
        limitMap.put("mediaPerMinute", limits.mediaPerMinute());
        limitMap.put("mediaPerHour", limits.mediaPerHour());
        limitMap.put("mediaPerDay", limits.mediaPerDay());
        limitMap.put("bytesPerHour", limits.bytesPerHour());
        row.put("limits", limitMap);
        row.put("usedThisMinute", view.usedThisMinute());
        row.put("usedThisHour", view.usedThisHour());
        row.put("usedToday", view.usedToday());
        row.put("adaptiveRate", view.adaptiveRate());
        row.put("retryAfterUntil", view.blockedUntil() == null ? null : view.blockedUntil().toString());
        row.put("suspendedUntil", view.suspendedUntil() == null ? null : view.suspendedUntil().toString());
        row.put("halfOpen", view.halfOpen());
        row.put("warning", view.warning());
        row.put("warningAt", view.warningAt() == null ? null : view.warningAt().toString());
        return row;
    }

    static void print(List<QuotaView> views) {
        if (views.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.printf("%-14s %-32s %14s %16s %16s %-14s %s%n", "FEED", "LIMITS", "THIS MINUTE", "THIS HOUR",
                "TODAY", "RATE", "BREAKER");
        for (QuotaView view : views) {
            QuotaLimits limits = view.limits();
            System.out.printf("%-14s %-32s %14s %16s %16s %-14s %s%n", view.feedId(), limits(limits),
                    used(view.usedThisMinute(), limits.perMinute()), used(view.usedThisHour(), limits.perHour()),
                    used(view.usedToday(), limits.perDay()), rate(view), breaker(view));
        }
        for (QuotaView view : views) {
            if (view.warning() != null) {
                System.out.println("WARNING feed " + view.feedId() + " (" + view.warningAt() + "): " + view.warning());
            }
        }
    }

    private static String limits(QuotaLimits limits) {
        List<String> parts = new ArrayList<>();
        add(parts, limits.perSecond(), "/s");
        add(parts, limits.perMinute(), "/min");
        add(parts, limits.perHour(), "/h");
        add(parts, limits.perDay(), "/day");
        return parts.isEmpty() ? "none published" : String.join(" ", parts);
    }

    private static void add(List<String> parts, Integer limit, String unit) {
        if (limit != null) {
            parts.add(limit + unit);
        }
    }

    private static String used(Long used, Integer limit) {
        return used == null ? "- (no limit)" : used + "/" + limit;
    }

    private static String rate(QuotaView view) {
        return view.adaptiveRate() == null ? "full" : String.format("%.3f/s", view.adaptiveRate());
    }

    private static String breaker(QuotaView view) {
        if (view.breakerOpen()) {
            return "open until " + view.suspendedUntil();
        }
        if (view.halfOpen()) {
            return "half-open (next request is a probe)";
        }
        return view.blockedUntil() == null ? "closed" : "closed; Retry-After until " + view.blockedUntil();
    }
}
