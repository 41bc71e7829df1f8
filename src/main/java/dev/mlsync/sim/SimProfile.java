package dev.mlsync.sim;

import java.util.Locale;

/** The provider whose Web API quirks the simulator imitates. */
public enum SimProfile {
    MLSGRID, TRESTLE, BRIDGE, SPARK, RESO;

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
