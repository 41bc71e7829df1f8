package dev.mlsync.store;

import java.util.List;

/**
 * One listing with its provider record and its media.
 *
 * @param rawJson the whole provider record (JSON text, without its Media)
 * @param mediaJson one JSON object per media row with every column of {@code listing_media} except {@code raw},
 *                  so columns added later (download state, stored URL) appear without a change here
 * @param overrides the listing's local edits (who, when, the MLS value they replaced); {@code listing} and
 *                  {@code rawJson} already show them applied
 */
public record ListingDetail(ListingSummary listing, String rawJson, List<String> mediaJson, List<OverrideRow> overrides) {
}
