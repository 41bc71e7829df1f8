package dev.mlsync.config;

/**
 * What a provider publishes about paging and rate limits (see {@code PROVIDERS.md}); every value
 * can be overridden per feed. A null limit means the provider does not publish one.
 *
 * @param maxPageSize               largest {@code $top} of an ordinary query
 * @param maxPageSizeWithExpand     largest {@code $top} when Media is fetched by {@code $expand}
 * @param requiresOriginatingSystem every query must filter on one {@code OriginatingSystemName}
 * @param perSecond                 requests per second
 * @param perMinute                 requests per minute (burst)
 * @param perHour                   requests per hour
 * @param perDay                    requests per day
 * @param bytesPerHour              bytes downloaded per hour
 * @param mediaPerHour              media downloads per hour
 * @param mediaPerMinute            media downloads per minute (burst)
 * @param replicationMaxPageSize    largest {@code $top} of the provider's replication endpoint
 */
public record ProviderPreset(Provider provider, int maxPageSize, int maxPageSizeWithExpand,
                             boolean requiresOriginatingSystem, Integer perSecond, Integer perMinute,
                             Integer perHour, Integer perDay, Long bytesPerHour, Integer mediaPerHour,
                             Integer mediaPerMinute, int replicationMaxPageSize) {
    /** 4 GB read as 10^9 bytes: the smaller reading, so a quota built on it stays under the limit. */
    private static final long FOUR_GB = 4_000_000_000L;

    private static final ProviderPreset MLSGRID =
            new ProviderPreset(Provider.MLSGRID, 5000, 1000, true, 2, null, 7_200, 40_000, FOUR_GB, null, null, 5000);
    private static final ProviderPreset TRESTLE =
            new ProviderPreset(Provider.TRESTLE, 1000, 1000, false, null, 180, 7_200, null, null, 18_000, 480, 1000);
    private static final ProviderPreset BRIDGE =
            new ProviderPreset(Provider.BRIDGE, 200, 200, false, null, 334, 5_000, null, null, null, null, 2000);

    /**
     * RETS servers publish no limits, but most cap a search at 2,500 to 10,000 rows and suspend logins that
     * hammer them: 2 requests a second and 20,000 a day stay well inside what MLS RETS terms allow.
     */
    private static final ProviderPreset RETS =
            new ProviderPreset(Provider.RETS, 2500, 2500, false, 2, null, null, 20_000, null, null, null, 2500);

    public ProviderPreset {
        if (provider == null || maxPageSize < 1 || maxPageSizeWithExpand < 1 || replicationMaxPageSize < 1) {
            throw new IllegalArgumentException("a preset needs a provider and page sizes >= 1");
        }
    }

    public static ProviderPreset of(Provider provider) {
        return switch (provider) {
            case MLSGRID -> MLSGRID;
            case TRESTLE -> TRESTLE;
            case BRIDGE -> BRIDGE;
            case SPARK, AMPRE, RESO -> unpublishedLimits(provider, 1000);
            case RETS -> RETS;
        };
    }

    /** The page size a feed gets when it names none: {@value FeedConfig#DEFAULT_PAGE_SIZE} or less. */
    public int defaultPageSize() {
        return Math.min(FeedConfig.DEFAULT_PAGE_SIZE, maxPageSizeWithExpand);
    }

    private static ProviderPreset unpublishedLimits(Provider provider, int maxPageSize) {
        return new ProviderPreset(provider, maxPageSize, maxPageSize, false, null, null, null, null, null, null, null,
                maxPageSize);
    }
}
