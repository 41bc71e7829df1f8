package dev.mlsync.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One fixed, epoch-aligned window of a {@link SimLimits}: what it counts, how long it is, what is enforced and
 * what is advertised.
 *
 * @param name the {@link SimLimits} key, e.g. {@code perSecond}, {@code mediaPerHour}, {@code bytesPerHour}
 */
record LimitWindow(String name, Counts counts, long millis, long enforced, long advertised) {
    enum Counts { DATA, MEDIA, BYTES }

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** The windows with a limit set, data windows shortest first. */
    static List<LimitWindow> of(SimLimits l) {
        List<LimitWindow> all = List.of(
                new LimitWindow("perSecond", Counts.DATA, SECOND, l.enforcedPerSecond(), l.perSecond()),
                new LimitWindow("perMinute", Counts.DATA, MINUTE, l.enforced(l.perMinute()), l.perMinute()),
                new LimitWindow("perHour", Counts.DATA, HOUR, l.enforced(l.perHour()), l.perHour()),
                new LimitWindow("perDay", Counts.DATA, DAY, l.enforced(l.perDay()), l.perDay()),
                new LimitWindow("mediaPerMinute", Counts.MEDIA, MINUTE, l.enforced(l.mediaPerMinute()), l.mediaPerMinute()),
                new LimitWindow("mediaPerHour", Counts.MEDIA, HOUR, l.enforced(l.mediaPerHour()), l.mediaPerHour()),
                new LimitWindow("bytesPerHour", Counts.BYTES, HOUR, l.enforced(l.bytesPerHour()), l.bytesPerHour()));
        List<LimitWindow> set = new ArrayList<>();
        for (LimitWindow w : all) {
            if (w.enforced > 0) {
                set.add(w);
            }
        }
        return set;
    }

    /** Start of the window holding {@code epochMillis}. */
    long start(long epochMillis) {
        return epochMillis - Math.floorMod(epochMillis, millis);
    }

    /** What a request counts in this window: 1, its bytes, or 0 when the window counts something else. */
    long weight(boolean media, long bytes) {
        return switch (counts) {
            case DATA -> media ? 0 : 1;
            case MEDIA -> media ? 1 : 0;
            case BYTES -> bytes;
        };
    }
}
