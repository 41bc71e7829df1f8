package dev.mlsync.config;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration (from {@code mlsync.yml}); immutable. */
public record MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds, MediaConfig media) {
    public MlsyncConfig {
        feeds = List.copyOf(feeds);
        media = media == null ? MediaConfig.ofDefaults() : media;
    }

    /** Default {@code media:} settings. */
    public MlsyncConfig(DatabaseConfig database, List<FeedConfig> feeds) {
        this(database, feeds, null);
    }

    /** A copy with other {@code media:} settings. */
    public MlsyncConfig withMedia(MediaConfig settings) {
        return new MlsyncConfig(database, feeds, settings);
    }

    /** Embedded database, no feeds: what runs when there is no {@code mlsync.yml}. */
    public static MlsyncConfig ofDefaults() {
        return new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of());
    }

    /** A short human summary (database, then one line per feed) without any secret. */
    public String describe() {
        return ConfigDescription.of(this);
    }

    public Optional<FeedConfig> feed(String id) {
        return feeds.stream().filter(f -> f.id().equals(id)).findFirst();
    }
}
