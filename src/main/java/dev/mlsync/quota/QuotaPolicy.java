package dev.mlsync.quota;

import dev.mlsync.config.Provider;
import java.time.Duration;

/**
 * How a quota reacts to answers: 429/503 multiply the allowed rate by {@code decreaseFactor}, each
 * success adds {@code 1/recoverySteps} of the ceiling back; {@code breakerThreshold} 429s in a row
 * suspend the credential for {@code coolDown}.
 */
public record QuotaPolicy(double decreaseFactor, int recoverySteps, int breakerThreshold, Duration coolDown) {
    public static final double DEFAULT_DECREASE_FACTOR = 0.5;
    public static final int DEFAULT_RECOVERY_STEPS = 20;
    public static final int DEFAULT_BREAKER_THRESHOLD = 3;
    /** MLS Grid suspends a token that keeps going over and does not say for how long. */
    public static final Duration MLSGRID_COOL_DOWN = Duration.ofMinutes(30);
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofMinutes(5);

    public QuotaPolicy {
        if (!(decreaseFactor > 0 && decreaseFactor < 1) || recoverySteps < 1 || breakerThreshold < 1
                || coolDown.isNegative()) {
            throw new IllegalArgumentException("invalid quota policy " + decreaseFactor + ", " + recoverySteps
                    + ", " + breakerThreshold + ", " + coolDown);
        }
    }

    public static QuotaPolicy of(Provider provider) {
        Duration coolDown = provider == Provider.MLSGRID ? MLSGRID_COOL_DOWN : DEFAULT_COOL_DOWN;
        return new QuotaPolicy(DEFAULT_DECREASE_FACTOR, DEFAULT_RECOVERY_STEPS, DEFAULT_BREAKER_THRESHOLD, coolDown);
    }
}
