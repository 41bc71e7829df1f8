package dev.mlsync.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a request log against limits after the fact: reports every window in which a credential's requests
 * (served, throttled or faulted; 401s excluded) went over the enforced limit. Windows are the same fixed,
 * epoch-aligned ones the simulator enforces (see {@link SimLimits}), keyed like the enforcement by the time the
 * request arrived ({@link RequestLogEntry#received()}); byte windows by the time its response finished
 * ({@link RequestLogEntry#at()}), when the simulator adds the bytes.
 */
public final class RequestLogCheck {
    private RequestLogCheck() {
    }

    /**
     * One window a credential went over.
     *
     * @param limit the {@link SimLimits} key, e.g. {@code perSecond}, {@code bytesPerHour}
     * @param used  requests (or bytes) counted in the window
     * @param limitValue the enforced limit
     */
    public record Breach(String credential, String limit, Instant windowStart, long used, long limitValue) {
    }

    /** Every exceeded window, ordered by window start, then credential and limit; empty when the log complies. */
    public static List<Breach> windowsExceeded(List<RequestLogEntry> log, SimLimits limits) {
        Map<String, long[]> used = new TreeMap<>();
        List<LimitWindow> windows = LimitWindow.of(limits);
        for (RequestLogEntry e : log) {
            Boolean media = countedAsMedia(e);
            if (media == null) {
                continue;
            }
            for (LimitWindow w : windows) {
                long weight = w.weight(media, e.bytes());
                long t = (w.counts() == LimitWindow.Counts.BYTES ? e.at() : e.received()).toEpochMilli();
                if (weight > 0) {
                    used.computeIfAbsent(e.credential() + "\t" + w.name() + "\t" + w.start(t),
                            k -> new long[1])[0] += weight;
                }
            }
        }
        List<Breach> breaches = new ArrayList<>();
        used.forEach((key, count) -> {
            String[] parts = key.split("\t");
            for (LimitWindow w : windows) {
                if (w.name().equals(parts[1]) && count[0] > w.enforced()) {
                    breaches.add(new Breach(parts[0], w.name(), Instant.ofEpochMilli(Long.parseLong(parts[2])),
                            count[0], w.enforced()));
                }
            }
        });
        breaches.sort(Comparator.comparing(Breach::windowStart));
        return breaches;
    }

    /** TRUE for a media download, FALSE for a data request, null for what limits do not count. */
    private static Boolean countedAsMedia(RequestLogEntry e) {
        if (e.credential() == null || e.status() == 401) {
            return null;
        }
        if (e.pathAndQuery().startsWith(Router.MEDIA)) {
            return Boolean.TRUE;
        }
        return e.pathAndQuery().startsWith(ODataService.ROOT) ? Boolean.FALSE : null;
    }
}
