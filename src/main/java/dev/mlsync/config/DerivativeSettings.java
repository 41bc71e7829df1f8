package dev.mlsync.config;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What derivatives a feed's photos get: the top-level {@code media.derivatives}, {@code media.webp} and
 * {@code media.jpegQuality}, each overridable in {@code feeds[].media}.
 *
 * @param widths      widths (px) of the JPEG derivatives, ascending, distinct; empty = none
 * @param webp        also a WebP of the largest
 * @param jpegQuality quality of the JPEGs, in (0, 1]
 */
public record DerivativeSettings(List<Integer> widths, boolean webp, double jpegQuality) {
    public DerivativeSettings {
        widths = List.copyOf(widths).stream().sorted().distinct().toList();
    }

    /**
     * These settings as one comparable text (e.g. {@code 320,800,1600;webp;q0.82}), recorded with the derivatives
     * made under them: a photo whose recorded text differs from its feed's has derivatives to make again.
     */
    public String spec() {
        return widths.stream().map(String::valueOf).collect(Collectors.joining(",")) + (webp ? ";webp" : "")
                + String.format(Locale.ROOT, ";q%.2f", jpegQuality);
    }
}
