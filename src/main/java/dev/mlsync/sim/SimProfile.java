package dev.mlsync.sim;

import java.util.Locale;

/**
 * The provider whose Web API quirks the simulator imitates. {@link #RETS} serves the same dataset as a legacy RETS 1.7.2
 * server under {@code /rets2_1/} instead of OData.
 */
public enum SimProfile {
    MLSGRID, TRESTLE, BRIDGE, SPARK, RESO, RETS;

    /** The profile for a lower-case name such as {@code "mlsgrid"}; throws for an unknown name. */
    public static SimProfile ofName(String lower) {
        for (SimProfile p : values()) {
            if (p.name().equals(lower.toUpperCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown simulator profile " + lower);
    }
}
