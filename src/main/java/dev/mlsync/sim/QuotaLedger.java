package dev.mlsync.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts each credential's use of every {@link LimitWindow} and admits or refuses requests. All methods are
 * synchronized: a check and its increment are one step, so concurrent requests never overshoot a limit.
 */
final class QuotaLedger {
    private final SimLimits limits;
    private final List<LimitWindow> windows;
    private final Clock clock;
    private final Duration suspension;
    private final Map<String, long[]> used = new HashMap<>();
    private final Map<String, Instant> suspendedUntil = new HashMap<>();
    private final List<Suspension> suspensions = new ArrayList<>();
    private final Map<String, java.util.ArrayDeque<Instant>> breaches = new HashMap<>();

    QuotaLedger(SimLimits limits, Clock clock, Duration suspension) {
        this.limits = limits;
        this.windows = LimitWindow.of(limits);
        this.clock = clock;
        this.suspension = suspension;
    }

    /**
     * The outcome of a request: admitted or not, the headers to send either way, and why it was refused.
     */
    record Admission(boolean admitted, Map<String, String> headers, String refusal) {
    }

    boolean isEnabled() {
        return limits.isEnabled();
    }

    synchronized Admission admit(String credential, boolean media) {
        Instant now = clock.instant();
        Instant until = suspendedUntil.get(credential);
        if (until != null && now.isBefore(until)) {
            return refuse(credential, media, now, until, "credential " + credential + " is suspended until " + until);
        }
        long t = now.toEpochMilli();
        for (LimitWindow w : windows) {
            long weight = w.weight(media, 0);
            boolean full = w.counts() == LimitWindow.Counts.BYTES
                    ? count(credential, w, t) >= w.enforced() : weight > 0 && count(credential, w, t) + 1 > w.enforced();
            if (full) {
                return breach(credential, media, now, w);
            }
        }
        for (LimitWindow w : windows) {
            add(credential, w, t, w.weight(media, 0));
        }
        return new Admission(true, headers(credential, media, t), null);
    }

    /** Adds a served response's bytes to the byte windows. */
    synchronized void served(String credential, long bytes) {
        long t = clock.instant().toEpochMilli();
        for (LimitWindow w : windows) {
            if (w.counts() == LimitWindow.Counts.BYTES) {
                add(credential, w, t, bytes);
            }
        }
    }

    synchronized List<Suspension> suspensions() {
        return List.copyOf(suspensions);
    }

    private Admission breach(String credential, boolean media, Instant now, LimitWindow w) {
        String what = w.counts() == LimitWindow.Counts.BYTES ? " bytes" : " requests";
        String reason = "Rate limit exceeded: " + w.name() + " allows " + w.enforced() + what + " for credential "
                + credential;
        if (limits.style() == SimLimits.Style.MLSGRID && breachesWithinHour(credential, now) >= limits.suspendAfter()) {
            Instant until = now.plus(suspension);
            suspendedUntil.put(credential, until);
            suspensions.add(new Suspension(credential, w.name(), now, until));
            return refuse(credential, media, now, until, reason + "; suspended until " + until);
        }
        Instant windowEnd = Instant.ofEpochMilli(w.start(now.toEpochMilli()) + w.millis());
        return refuse(credential, media, now, windowEnd, reason + "; retry after " + windowEnd);
    }

    /** Counts this breach and returns how many the credential made in the last hour, this one included. */
    private int breachesWithinHour(String credential, Instant now) {
        java.util.ArrayDeque<Instant> times = breaches.computeIfAbsent(credential, k -> new java.util.ArrayDeque<>());
        times.addLast(now);
        while (!times.peekFirst().isAfter(now.minus(Duration.ofHours(1)))) {
            times.removeFirst();
        }
        return times.size();
    }

    private Admission refuse(String credential, boolean media, Instant now, Instant retryAt, String reason) {
        Map<String, String> headers = headers(credential, media, now.toEpochMilli());
        if (limits.style() != SimLimits.Style.MLSGRID) {
            long millis = Duration.between(now, retryAt).toMillis();
            headers.put("Retry-After", String.valueOf(Math.max(1, (millis + 999) / 1000)));
        }
        return new Admission(false, headers, reason);
    }

    private Map<String, String> headers(String credential, boolean media, long t) {
        Map<String, String> h = new LinkedHashMap<>();
        LimitWindow hour = window(media ? "mediaPerHour" : "perHour");
        LimitWindow minute = window(media ? "mediaPerMinute" : "perMinute");
        switch (limits.style()) {
            case TRESTLE -> {
                quota(h, "Hour-Quota-Limit", "Hour-Quota-Available", null, hour, credential, t);
                quota(h, "Minute-Quota-Limit", "Minute-Quota-Available", null, minute, credential, t);
            }
            case BRIDGE -> {
                quota(h, "Application-RateLimit-Limit", "Application-RateLimit-Remaining",
                        "Application-RateLimit-Reset", hour, credential, t);
                quota(h, "Burst-RateLimit-Limit", "Burst-RateLimit-Remaining", "Burst-RateLimit-Reset", minute,
                        credential, t);
            }
            case PLAIN, MLSGRID -> {
            }
        }
        return h;
    }

    private void quota(Map<String, String> h, String limit, String remaining, String reset, LimitWindow w,
                       String credential, long t) {
        if (w == null) {
            return;
        }
        h.put(limit, String.valueOf(w.advertised()));
        h.put(remaining, String.valueOf(Math.max(0, w.advertised() - count(credential, w, t))));
        if (reset != null) {
            h.put(reset, String.valueOf((w.start(t) + w.millis()) / 1000));
        }
    }

    private LimitWindow window(String name) {
        for (LimitWindow w : windows) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        return null;
    }

    /** [window start, count] of a credential in the window holding t; a new window starts at zero. */
    private long[] slot(String credential, LimitWindow w, long t) {
        long[] slot = used.computeIfAbsent(credential + "|" + w.name(), k -> new long[] {Long.MIN_VALUE, 0});
        long start = w.start(t);
        if (slot[0] != start) {
            slot[0] = start;
            slot[1] = 0;
        }
        return slot;
    }

    private long count(String credential, LimitWindow w, long t) {
        return slot(credential, w, t)[1];
    }

    private void add(String credential, LimitWindow w, long t, long amount) {
        if (amount > 0) {
            slot(credential, w, t)[1] += amount;
        }
    }
}
