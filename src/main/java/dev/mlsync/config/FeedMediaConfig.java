package dev.mlsync.config;

import java.util.List;

/**
 * A feed's own {@code media:} settings (the top-level {@code media:} holds those every feed shares).
 *
 * @param allowPrivateHosts photo URLs may point at loopback or private addresses (off by default)
 * @param derivatives       this feed's derivative widths instead of {@code media.derivatives} (null = those)
 * @param webp              instead of {@code media.webp} (null = that)
 * @param jpegQuality       instead of {@code media.jpegQuality} (null = that)
 */
public record FeedMediaConfig(boolean allowPrivateHosts, List<Integer> derivatives, Boolean webp, Double jpegQuality) {
    private static final FeedMediaConfig DEFAULTS = new FeedMediaConfig(false);

    public FeedMediaConfig {
        derivatives = derivatives == null ? null : List.copyOf(derivatives);
    }

    /** Only {@code allowPrivateHosts}; the derivatives are the shared ones. */
    public FeedMediaConfig(boolean allowPrivateHosts) {
        this(allowPrivateHosts, null, null, null);
    }

    public static FeedMediaConfig ofDefaults() {
        return DEFAULTS;
    }

    /** This feed's derivatives: its own settings where it has them, the shared {@code media:} ones otherwise. */
    public DerivativeSettings derivativeSettings(MediaConfig shared) {
        return new DerivativeSettings(derivatives == null ? shared.derivatives() : derivatives,
                webp == null ? shared.webp() : webp, jpegQuality == null ? shared.jpegQuality() : jpegQuality);
    }

    public FeedMediaConfig withDerivatives(List<Integer> widths, Boolean withWebp, Double quality) {
        return new FeedMediaConfig(allowPrivateHosts, widths, withWebp, quality);
    }
}
