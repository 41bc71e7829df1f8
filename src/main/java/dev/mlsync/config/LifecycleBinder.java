package dev.mlsync.config;

import java.time.Duration;
import java.util.List;

/** Reads a feed's {@code lifecycle:} and its own {@code media:}. */
final class LifecycleBinder {
    private static final List<String> LIFECYCLE_KEYS = List.of("conflicts", "maxDeleteShare", "purgeAfter");
    private static final List<String> MEDIA_KEYS = List.of("allowPrivateHosts", "derivatives", "webp", "jpegQuality");

    private LifecycleBinder() {
    }

    static LifecycleConfig lifecycle(Mapping feed) {
        Mapping lifecycle = feed.mapping("lifecycle");
        if (lifecycle == null) {
            return LifecycleConfig.ofDefaults();
        }
        lifecycle.allowOnly(LIFECYCLE_KEYS);
        return new LifecycleConfig(conflicts(lifecycle), share(lifecycle), purgeAfter(lifecycle));
    }

    static FeedMediaConfig media(Mapping feed) {
        Mapping media = feed.mapping("media");
        if (media == null) {
            return FeedMediaConfig.ofDefaults();
        }
        media.allowOnly(MEDIA_KEYS);
        Boolean allowPrivate = media.bool("allowPrivateHosts");
        return new FeedMediaConfig(allowPrivate != null && allowPrivate, MediaBinder.widths(media, null),
                media.bool("webp"), MediaBinder.jpegQuality(media));
    }

    private static ConflictPolicy conflicts(Mapping lifecycle) {
        String name = lifecycle.text("conflicts");
        if (name == null) {
            return LifecycleConfig.DEFAULT_CONFLICTS;
        }
        ConflictPolicy policy = ConflictPolicy.ofConfigName(name.trim());
        if (policy == null) {
            lifecycle.problems().add(lifecycle.pathOf("conflicts"), "unknown conflict policy " + Mapping.quote(name)
                    + DidYouMean.suffix(name, ConflictPolicy.NAMES) + " (one of "
                    + String.join(", ", ConflictPolicy.NAMES) + ")");
            return LifecycleConfig.DEFAULT_CONFLICTS;
        }
        return policy;
    }

    /** A share as a fraction (0.1) or a percentage ("10%"); above 0 and at most 1. */
    private static double share(Mapping lifecycle) {
        String key = "maxDeleteShare";
        if (!lifecycle.has(key)) {
            return LifecycleConfig.DEFAULT_MAX_DELETE_SHARE;
        }
        String text = lifecycle.get(key).isTextual() ? lifecycle.text(key) : null;
        Double value;
        if (text != null && text.trim().endsWith("%")) {
            String digits = text.trim().substring(0, text.trim().length() - 1).trim();
            try {
                value = Double.parseDouble(digits) / 100;
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
        } else {
            value = lifecycle.number(key);
            if (value == null) {
                return LifecycleConfig.DEFAULT_MAX_DELETE_SHARE; // number() reported it
            }
        }
        if (!(value > 0 && value <= 1)) {
            lifecycle.problems().add(lifecycle.pathOf(key), "expected a share above 0 and at most 1 (0.1 or \"10%\"), "
                    + "was " + Mapping.echo(lifecycle.get(key)));
            return LifecycleConfig.DEFAULT_MAX_DELETE_SHARE;
        }
        return value;
    }

    private static Duration purgeAfter(Mapping lifecycle) {
        String text = lifecycle.text("purgeAfter");
        if (text == null) {
            return LifecycleConfig.DEFAULT_PURGE_AFTER;
        }
        Duration value = Durations.parse(text);
        if (value == null) {
            lifecycle.problems().add(lifecycle.pathOf("purgeAfter"), "expected a duration such as 12h or 30d, was "
                    + Mapping.quote(text.trim()));
            return LifecycleConfig.DEFAULT_PURGE_AFTER;
        }
        return value;
    }
}
