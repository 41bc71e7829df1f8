package dev.mlsync.quota;

import java.time.Duration;
import java.time.Instant;

/** A fixed, epoch-aligned window persisted per credential (a day starts at 00:00 UTC). */
enum Window {
    REQUESTS_MINUTE("requests/minute", 60, false),
    REQUESTS_HOUR("requests/hour", 3600, false),
    REQUESTS_DAY("requests/day", 86_400, false),
    MEDIA_MINUTE("media/minute", 60, true),
    MEDIA_HOUR("media/hour", 3600, true);

    private final String storedName;
    private final long seconds;
    private final boolean mediaOnly;

    Window(String storedName, long seconds, boolean mediaOnly) {
        this.storedName = storedName;
        this.seconds = seconds;
        this.mediaOnly = mediaOnly;
    }

    String storedName() {
        return storedName;
    }

    boolean counts(RequestKind kind) {
        return !mediaOnly || kind == RequestKind.MEDIA;
    }

    Instant start(Instant now) {
        long epochSecond = now.getEpochSecond();
        return Instant.ofEpochSecond(epochSecond - Math.floorMod(epochSecond, seconds));
    }

    Instant end(Instant now) {
        return start(now).plus(Duration.ofSeconds(seconds));
    }
}
