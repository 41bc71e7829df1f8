package dev.mlsync.config;

import java.time.Duration;

/**
 * A feed's {@code lifecycle:}: how local edits meet MLS changes and how records leave the replica.
 *
 * @param conflicts      what an MLS change to an overridden field (or removal of an edited listing) does
 * @param maxDeleteShare reconciliation refuses to soft-delete more than this share of a feed's live records at once
 * @param purgeAfter     soft-deleted records are purged (with their photos) this long after they were deleted
 */
public record LifecycleConfig(ConflictPolicy conflicts, double maxDeleteShare, Duration purgeAfter) {
    public static final ConflictPolicy DEFAULT_CONFLICTS = ConflictPolicy.MANUAL;
    public static final double DEFAULT_MAX_DELETE_SHARE = 0.10;
    public static final Duration DEFAULT_PURGE_AFTER = Duration.ofDays(30);
    private static final LifecycleConfig DEFAULTS =
            new LifecycleConfig(DEFAULT_CONFLICTS, DEFAULT_MAX_DELETE_SHARE, DEFAULT_PURGE_AFTER);

    public static LifecycleConfig ofDefaults() {
        return DEFAULTS;
    }
}
