package dev.mlsync.config;

/**
 * Per-feed overrides of the provider preset; every field is optional (null = the preset's value).
 *
 * @param maxPageSize     largest {@code $top} the provider accepts for this feed
 * @param expandMedia     fetch Media by {@code $expand} (true) or by a separate batched query (false)
 * @param mediaBatchSize  listing keys per {@code ResourceRecordKey in (...)} media query
 * @param timestampField  the field incremental sync filters and orders on
 * @param overlapSeconds  how far behind the cursor an incremental query starts (Spark: 1200)
 * @param keysetPaging    whether the provider accepts {@code ListingKey gt} in filters (keyset paging)
 */
public record ProfileOverrides(Integer maxPageSize, Boolean expandMedia, Integer mediaBatchSize, String timestampField,
                               Integer overlapSeconds, Boolean keysetPaging) {
    public static ProfileOverrides none() {
        return new ProfileOverrides(null, null, null, null, null, null);
    }
}
