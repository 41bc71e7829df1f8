package dev.mlsync.quota;

import java.time.Duration;

/**
 * Additive-increase, multiplicative-decrease of the allowed request rate between a floor and the
 * ceiling the limits allow. At the ceiling it adds no spacing: the windows alone decide.
 */
final class AdaptiveRate {
    /** Never slower than one request a minute. */
    static final double FLOOR = 1.0 / 60;

    private final double ceiling;
    private final double finiteCeiling;
    private final double factor;
    private final double step;
    private double rate;

    AdaptiveRate(double ceiling, QuotaPolicy policy) {
        this.ceiling = ceiling;
        this.finiteCeiling = Double.isInfinite(ceiling) ? QuotaLimits.UNPUBLISHED_RATE : ceiling;
        this.factor = policy.decreaseFactor();
        this.step = finiteCeiling / policy.recoverySteps();
        this.rate = ceiling;
    }

    void decrease() {
        rate = Math.max(FLOOR, Math.min(rate, finiteCeiling) * factor);
    }

    void increase() {
        if (throttled()) {
            rate = rate + step >= finiteCeiling ? ceiling : rate + step;
        }
    }

    /** Continues a rate another process (or an earlier run) published. */
    void adopt(double published) {
        rate = Math.max(FLOOR, Math.min(published, ceiling));
    }

    boolean throttled() {
        return rate < ceiling;
    }

    /** Requests per second now allowed; infinite when nothing is published and nothing went wrong. */
    double perSecond() {
        return rate;
    }

    Duration spacing() {
        return throttled() ? Duration.ofNanos((long) Math.ceil(1e9 / rate)) : Duration.ZERO;
    }
}
