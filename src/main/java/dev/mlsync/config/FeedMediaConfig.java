package dev.mlsync.config;

/**
 * A feed's own {@code media:} settings (the top-level {@code media:} holds those every feed shares).
 *
 * @param allowPrivateHosts photo URLs may point at loopback or private addresses (off by default)
 */
public record FeedMediaConfig(boolean allowPrivateHosts) {
    private static final FeedMediaConfig DEFAULTS = new FeedMediaConfig(false);

    public static FeedMediaConfig ofDefaults() {
        return DEFAULTS;
    }
}
