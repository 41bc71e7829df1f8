package dev.mlsync.source.reso;

import dev.mlsync.config.ProfileOverrides;

/**
 * Bridge Interactive: Property comes from {@code Property/replication} ({@code $top} 2,000, oldest
 * first, no {@code $orderby}/{@code $skip}, nextLink paging) with Media embedded; other resources use
 * the normal endpoint capped at 200. The cursor follows {@code BridgeModificationTimestamp}.
 */
final class BridgeProfile extends ProviderProfile {
    static final int MAX_REPLICATION_PAGE_SIZE = 2000;
    static final int MAX_PAGE_SIZE = 200;

    BridgeProfile(ProfileOverrides overrides) {
        super(overrides);
    }

    @Override
    int presetMaxPageSize(String resource, boolean expandingMedia) {
        return replicated(resource) ? MAX_REPLICATION_PAGE_SIZE : MAX_PAGE_SIZE;
    }

    @Override
    MediaMode presetMediaMode() {
        return MediaMode.EMBEDDED;
    }

    @Override
    String presetTimestampField() {
        return "BridgeModificationTimestamp";
    }

    @Override
    boolean presetKeysetPaging() {
        return false;
    }

    @Override
    String resourcePath(String resource) {
        return replicated(resource) ? resource + "/replication" : resource;
    }

    @Override
    boolean ordersBy(String resource) {
        return !replicated(resource);
    }

    @Override
    boolean supportsSkip(String resource) {
        return !replicated(resource);
    }

    private static boolean replicated(String resource) {
        return PROPERTY.equals(resource);
    }
}
