package dev.mlsync.store;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The typed columns of a live listing that lists and dashboards show, as the user sees them
 * ({@code listing_effective}: local overrides applied).
 *
 * @param overriddenFields the RESO fields a local override replaces (empty when none)
 */
public record ListingSummary(String feedId, String listingKey, String listingId, String standardStatus,
                             String propertyType, BigDecimal listPrice, String unparsedAddress, String city,
                             String stateOrProvince, String postalCode, Integer bedroomsTotal,
                             BigDecimal bathroomsTotal, BigDecimal livingArea, Double latitude, Double longitude,
                             Integer photosCount, Instant modificationTimestamp, Instant deletedAt,
                             java.util.List<String> overriddenFields) {
}
