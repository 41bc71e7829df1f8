package dev.mlsync.source.reso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ProfileOverrides;
import java.util.List;

/**
 * MLS Grid Web API v2: one OriginatingSystemName per query, {@code $top} 5,000 (1,000 with
 * {@code $expand}), no filtering by ListingKey (so pages follow nextLinks), and records removed
 * from the feed arrive with {@code MlgCanView=false}, which only incremental queries can see.
 */
final class MlsGridProfile extends ProviderProfile {
    static final int MAX_PAGE_SIZE = 5000;
    static final int MAX_EXPANDED_PAGE_SIZE = 1000;

    MlsGridProfile(ProfileOverrides overrides) {
        super(overrides);
    }

    @Override
    int presetMaxPageSize(String resource, boolean expandingMedia) {
        return expandingMedia ? MAX_EXPANDED_PAGE_SIZE : MAX_PAGE_SIZE;
    }

    @Override
    boolean presetKeysetPaging() {
        return false;
    }

    @Override
    List<String> requiredFilters(FeedConfig feed) {
        if (feed.originatingSystem() == null) {
            throw new IllegalArgumentException("feeds[" + feed.id() + "].originatingSystem is required for mlsgrid");
        }
        return super.requiredFilters(feed);
    }

    /** Media downloads must send {@code User-Agent: <access token>} (since 2026-06-01). */
    @Override
    boolean mediaUserAgentIsToken() {
        return true;
    }

    /** Reported: each signed MediaURL may be fetched once per hour; a repeat gets 429. */
    @Override
    java.time.Duration mediaUrlReuseWindow() {
        return java.time.Duration.ofHours(1);
    }

    @Override
    String partialSyncRefusal() {
        return "MLS Grid filters only by timestamps and a few status fields, not by ListingKey or other fields";
    }

    @Override
    List<String> initialLoadFilters(String resource) {
        return List.of("MlgCanView eq true");
    }

    /** A key index must count only what the feed still shows: MlgCanView comes along (the query filters on it too). */
    @Override
    List<String> keyIndexFields(String resource) {
        List<String> fields = new java.util.ArrayList<>(super.keyIndexFields(resource));
        fields.add("MlgCanView");
        return fields;
    }

    @Override
    boolean isDeleted(ObjectNode record) {
        JsonNode canView = record.get("MlgCanView");
        boolean hidden = canView != null && !canView.isNull() && !canView.asBoolean(true);
        return hidden || super.isDeleted(record);
    }
}
