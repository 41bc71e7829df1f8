package dev.mlsync.source.reso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one provider's RESO Web API accepts and how it signals deletions. This base class is the
 * generic RESO Web API; each vendor overrides the hooks where it differs. Every preset value can be
 * replaced by the feed's {@link ProfileOverrides}; the resolved values are the {@code final} methods.
 */
class ProviderProfile {
    static final String PROPERTY = "Property";
    static final String MEDIA = "Media";
    static final int DEFAULT_MAX_PAGE_SIZE = 1000;
    static final int DEFAULT_MEDIA_BATCH_SIZE = 100;
    static final String MODIFICATION_TIMESTAMP = "ModificationTimestamp";

    /** How a listing's Media records reach it. */
    enum MediaMode { EXPAND, SEPARATE_QUERY, EMBEDDED }

    private final ProfileOverrides overrides;

    ProviderProfile(ProfileOverrides overrides) {
        this.overrides = overrides == null ? ProfileOverrides.none() : overrides;
    }

    static ProviderProfile of(Provider provider, ProfileOverrides overrides) {
        return switch (provider) {
            case RESO -> new ProviderProfile(overrides);
            case MLSGRID -> new MlsGridProfile(overrides);
            case TRESTLE -> new TrestleProfile(overrides);
            case BRIDGE -> new BridgeProfile(overrides);
            case SPARK -> new SparkProfile(overrides);
            case AMPRE -> new AmpreProfile(overrides);
            case RETS -> throw new IllegalArgumentException("a rets feed is read by RetsSource, not the RESO Web API client");
        };
    }

    // ---- preset values (hooks) ----

    int presetMaxPageSize(String resource, boolean expandingMedia) {
        return DEFAULT_MAX_PAGE_SIZE;
    }

    MediaMode presetMediaMode() {
        return MediaMode.EXPAND;
    }

    int presetMediaBatchSize() {
        return DEFAULT_MEDIA_BATCH_SIZE;
    }

    String presetTimestampField() {
        return MODIFICATION_TIMESTAMP;
    }

    int presetOverlapSeconds() {
        return 0;
    }

    boolean presetKeysetPaging() {
        return true;
    }

    // ---- behaviour hooks ----

    /** Filters every query must carry (e.g. OriginatingSystemName), already OData expressions. */
    List<String> requiredFilters(FeedConfig feed) {
        List<String> filters = new ArrayList<>();
        if (feed.originatingSystem() != null) {
            filters.add("OriginatingSystemName eq " + ODataLiteral.string(feed.originatingSystem()));
        }
        return filters;
    }

    /** Filters added only to a full initial load (records not visible are left out). */
    List<String> initialLoadFilters(String resource) {
        return List.of();
    }

    /** Path below the service root that serves {@code resource}. */
    String resourcePath(String resource) {
        return resource;
    }

    /** Whether {@code $orderby=timestamp,key} may be sent for {@code resource}. */
    boolean ordersBy(String resource) {
        return true;
    }

    /** Whether the endpoint accepts {@code $skip}, so a page can be continued when no nextLink came. */
    /**
     * Whether the first page of a run may ask for {@code $count=true} (the total gives the progress
     * bar its ETA). Only profiles that page by keyset, whose servers serve the full OData query
     * options, are asked; an unsupported option must never fail a run.
     */
    boolean countsRecords() {
        return keysetPaging();
    }

    boolean supportsSkip(String resource) {
        return true;
    }

    /** Whether media downloads must send the access token as their User-Agent (MLS Grid since 2026-06-01). */
    boolean mediaUserAgentIsToken() {
        return false;
    }

    /** How long a media URL must not be fetched again after a fetch (zero: no such rule). */
    java.time.Duration mediaUrlReuseWindow() {
        return java.time.Duration.ZERO;
    }

    /** OAuth2 scope to ask for when the feed names none. */
    String defaultScope() {
        return null;
    }

    /**
     * Why a partial sync (records picked by key or by a caller's filter) cannot be asked of this
     * provider, or null when it can.
     */
    String partialSyncRefusal() {
        return null;
    }

    /**
     * What a key index page selects: the key, the cursor's timestamp field and ModificationTimestamp (the stored
     * version, where the cursor follows another field), plus whatever {@link #isDeleted} reads on this provider.
     */
    List<String> keyIndexFields(String resource) {
        java.util.LinkedHashSet<String> fields = new java.util.LinkedHashSet<>(
                List.of(keyField(resource), timestampField(), MODIFICATION_TIMESTAMP));
        return List.copyOf(fields);
    }

    boolean isDeleted(ObjectNode record) {
        return "Delete".equals(text(record, "StandardStatus"));
    }

    String keyField(String resource) {
        return switch (resource) {
            case PROPERTY -> "ListingKey";
            default -> resource + "Key";
        };
    }

    // ---- resolved values (preset unless overridden) ----

    /** The cap on {@code $top}; an override replaces the preset for every resource. */
    final int maxPageSize(String resource) {
        return Objects.requireNonNullElseGet(overrides.maxPageSize(),
                () -> presetMaxPageSize(resource, expandsMedia(resource)));
    }

    /** The cap on {@code $top} of a key index page (no Media expanded): the override, else the preset's. */
    final int keyIndexPageSize(String resource) {
        return Objects.requireNonNullElseGet(overrides.maxPageSize(), () -> presetMaxPageSize(resource, false));
    }

    final MediaMode mediaMode() {
        Boolean expand = overrides.expandMedia();
        if (expand == null) {
            return presetMediaMode();
        }
        return expand ? MediaMode.EXPAND : MediaMode.SEPARATE_QUERY;
    }

    final boolean expandsMedia(String resource) {
        return PROPERTY.equals(resource) && mediaMode() == MediaMode.EXPAND;
    }

    final boolean fetchesMediaSeparately(String resource) {
        return PROPERTY.equals(resource) && mediaMode() == MediaMode.SEPARATE_QUERY;
    }

    final int mediaBatchSize() {
        return Objects.requireNonNullElseGet(overrides.mediaBatchSize(), this::presetMediaBatchSize);
    }

    final String timestampField() {
        return Objects.requireNonNullElseGet(overrides.timestampField(), this::presetTimestampField);
    }

    final int overlapSeconds() {
        return Objects.requireNonNullElseGet(overrides.overlapSeconds(), this::presetOverlapSeconds);
    }

    /** Keyset paging: the cursor's key goes into the filter; otherwise pages follow nextLinks. */
    final boolean keysetPaging() {
        return Objects.requireNonNullElseGet(overrides.keysetPaging(), this::presetKeysetPaging);
    }

    static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
