package dev.mlsync.config;

/**
 * A feed's {@code quota:} settings.
 *
 * @param share the fraction of the credential's limits this feed may use (0 &lt; share &lt;= 1), e.g.
 *              0.1 for a staging copy that runs on the production token
 */
public record QuotaConfig(double share) {
    public static final double DEFAULT_SHARE = 1.0;
    private static final QuotaConfig DEFAULTS = new QuotaConfig(DEFAULT_SHARE);

    public QuotaConfig {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("quota.share must be > 0 and <= 1, was " + share);
        }
    }

    public static QuotaConfig ofDefaults() {
        return DEFAULTS;
    }
}
