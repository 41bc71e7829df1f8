package dev.mlsync.quota;

import java.time.Duration;

/**
 * A rolling window persisted per credential: at most its limit of requests occupy it at any time. A
 * request occupies it from when it is granted until its answer plus the window's length, so a provider
 * counting arrivals in any window of that length, however aligned, never sees more than the limit.
 */
enum Window {
    REQUESTS_SECOND("requests/second", Duration.ofSeconds(1), false),
    REQUESTS_MINUTE("requests/minute", Duration.ofMinutes(1), false),
    REQUESTS_HOUR("requests/hour", Duration.ofHours(1), false),
    REQUESTS_DAY("requests/day", Duration.ofDays(1), false),
    MEDIA_MINUTE("media/minute", Duration.ofMinutes(1), true),
    MEDIA_HOUR("media/hour", Duration.ofHours(1), true),
    MEDIA_DAY("media/day", Duration.ofDays(1), true);

    /** The window a slowed-down rate adds: {@link AdaptiveRate#burst} requests per {@link AdaptiveRate#window}. */
    static final String ADAPTIVE = "adaptive";

    private final String storedName;
    private final Duration length;
    private final boolean mediaOnly;

    Window(String storedName, Duration length, boolean mediaOnly) {
        this.storedName = storedName;
        this.length = length;
        this.mediaOnly = mediaOnly;
    }

    String storedName() {
        return storedName;
    }

    Duration length() {
        return length;
    }

    boolean counts(RequestKind kind) {
        return !mediaOnly || kind == RequestKind.MEDIA;
    }
}
