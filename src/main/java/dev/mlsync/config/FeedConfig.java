package dev.mlsync.config;

import java.net.URI;
import java.util.List;

/**
 * One MLS feed = one credential.
 *
 * @param id                 stable id, used as {@code feed_id} in every table
 * @param provider           preset whose limits and quirks apply
 * @param baseUrl            the OData service root, e.g. {@code https://api.mlsgrid.com/v2/}
 * @param auth               credentials
 * @param originatingSystem  value for the OriginatingSystemName filter (required by MLS Grid), or null
 * @param resources          resources to replicate; Property always brings its Media
 * @param pageSize           requested {@code $top}, capped by the provider's maximum
 * @param overrides          overrides of the provider preset
 * @param limits             the credential's request limits, replacing the preset's published ones
 * @param quota              this feed's share of the credential's limits
 * @param schedule           when workers queue this feed's recurring jobs
 * @param rets               what a {@code provider: rets} feed searches and how it maps fields; null otherwise
 * @param lifecycle          how local edits meet MLS changes and how records leave (conflicts, deletes, purge)
 * @param media              this feed's own photo settings
 */
public record FeedConfig(String id, Provider provider, URI baseUrl, AuthConfig auth, String originatingSystem,
                         List<String> resources, int pageSize, ProfileOverrides overrides,
                         RateLimits limits, QuotaConfig quota, ScheduleConfig schedule, RetsConfig rets,
                         LifecycleConfig lifecycle, FeedMediaConfig media) {
    public static final List<String> DEFAULT_RESOURCES = List.of("Property");
    public static final int DEFAULT_PAGE_SIZE = 1000;

    public FeedConfig {
        resources = List.copyOf(resources);
        limits = limits == null ? RateLimits.none() : limits;
        quota = quota == null ? QuotaConfig.ofDefaults() : quota;
        schedule = schedule == null ? ScheduleConfig.ofDefaults() : schedule;
        lifecycle = lifecycle == null ? LifecycleConfig.ofDefaults() : lifecycle;
        media = media == null ? FeedMediaConfig.ofDefaults() : media;
    }

    /** A feed with the default lifecycle and feed media settings. */
    public FeedConfig(String id, Provider provider, URI baseUrl, AuthConfig auth, String originatingSystem,
                      List<String> resources, int pageSize, ProfileOverrides overrides, RateLimits limits,
                      QuotaConfig quota, ScheduleConfig schedule, RetsConfig rets) {
        this(id, provider, baseUrl, auth, originatingSystem, resources, pageSize, overrides, limits, quota, schedule,
                rets, null, null);
    }

    /** A feed on the default schedule that is not a RETS feed. */
    public FeedConfig(String id, Provider provider, URI baseUrl, AuthConfig auth, String originatingSystem,
                      List<String> resources, int pageSize, ProfileOverrides overrides, RateLimits limits,
                      QuotaConfig quota) {
        this(id, provider, baseUrl, auth, originatingSystem, resources, pageSize, overrides, limits, quota, null, null);
    }

    public FeedConfig withSchedule(ScheduleConfig value) {
        return new FeedConfig(id, provider, baseUrl, auth, originatingSystem, resources, pageSize, overrides, limits,
                quota, value, rets, lifecycle, media);
    }

    public FeedConfig withRets(RetsConfig value) {
        return new FeedConfig(id, provider, baseUrl, auth, originatingSystem, resources, pageSize, overrides, limits,
                quota, schedule, value, lifecycle, media);
    }

    public FeedConfig withLifecycle(LifecycleConfig value) {
        return new FeedConfig(id, provider, baseUrl, auth, originatingSystem, resources, pageSize, overrides, limits,
                quota, schedule, rets, value, media);
    }

    public FeedConfig withMedia(FeedMediaConfig value) {
        return new FeedConfig(id, provider, baseUrl, auth, originatingSystem, resources, pageSize, overrides, limits,
                quota, schedule, rets, lifecycle, value);
    }
}
