package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the top-level {@code media:} section; every value is optional and defaults to {@link MediaConfig#ofDefaults()}. */
final class MediaBinder {
    private static final List<String> KEYS = List.of("workers", "maxBytes", "maxPixels", "maxAttempts",
            "goneGraceHours", "sweepSeconds", "derivatives", "webp", "jpegQuality", "retryDelaySeconds",
            "abandonedWriteSeconds");

    private MediaBinder() {
    }

    static MediaConfig bind(Mapping root) {
        MediaConfig defaults = MediaConfig.ofDefaults();
        Mapping media = root.mapping("media");
        if (media == null) {
            return defaults;
        }
        media.allowOnly(KEYS);
        int workers = atLeast(media, "workers", 1, defaults.workers());
        long maxBytes = atLeast(media, "maxBytes", 1024, (int) Math.min(Integer.MAX_VALUE, defaults.maxBytes()));
        long maxPixels = atLeast(media, "maxPixels", 1, (int) Math.min(Integer.MAX_VALUE, defaults.maxPixels()));
        int attempts = atLeast(media, "maxAttempts", 1, defaults.maxAttempts());
        int graceHours = atLeast(media, "goneGraceHours", 0, (int) defaults.goneGrace().toHours());
        int sweep = atLeast(media, "sweepSeconds", 1, (int) defaults.sweepInterval().toSeconds());
        int retry = atLeast(media, "retryDelaySeconds", 1, (int) defaults.retryDelay().toSeconds());
        int abandoned = atLeast(media, "abandonedWriteSeconds", 1, (int) defaults.abandonedWriteAfter().toSeconds());
        Boolean webp = media.bool("webp");
        Double quality = jpegQuality(media);
        return new MediaConfig(workers, maxBytes, maxPixels, attempts, Duration.ofHours(graceHours),
                Duration.ofSeconds(sweep), widths(media, defaults.derivatives()),
                webp == null ? defaults.webp() : webp, quality == null ? defaults.jpegQuality() : quality,
                Duration.ofSeconds(retry), Duration.ofSeconds(abandoned));
    }

    /** {@code jpegQuality} of a {@code media:} mapping (top-level or a feed's), null when absent or wrong. */
    static Double jpegQuality(Mapping media) {
        Double quality = media.number("jpegQuality");
        if (quality != null && !(quality > 0 && quality <= 1)) {
            media.problems().add(media.pathOf("jpegQuality"), "must be > 0 and <= 1, was " + quality);
            return null;
        }
        return quality;
    }

    private static int atLeast(Mapping media, String key, int min, int fallback) {
        Integer value = media.integer(key);
        if (value == null) {
            return fallback;
        }
        if (value < min) {
            media.problems().add(media.pathOf(key), "must be >= " + min + ", was " + value);
            return fallback;
        }
        return value;
    }

    /** {@code derivatives} of a {@code media:} mapping (top-level or a feed's): {@code fallback} when absent. */
    static List<Integer> widths(Mapping media, List<Integer> fallback) {
        if (!media.has("derivatives")) {
            return fallback;
        }
        List<JsonNode> nodes = media.list("derivatives");
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            if (!node.canConvertToInt() || node.asInt() < 16 || node.asInt() > 8192) {
                media.problems().add(media.pathOf("derivatives") + "[" + i + "]",
                        "must be a width in pixels between 16 and 8192, was " + Mapping.echo(node));
            } else {
                widths.add(node.asInt());
            }
        }
        return widths;
    }
}
