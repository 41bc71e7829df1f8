package dev.mlsync.store;

import java.math.BigDecimal;
import java.time.Instant;

/** The typed columns of a live listing that lists and dashboards show. */
public record ListingSummary(String feedId, String listingKey, String listingId, String standardStatus,
                             String propertyType, BigDecimal listPrice, String unparsedAddress, String city,
                             String stateOrProvince, String postalCode, Integer bedroomsTotal,
                             BigDecimal bathroomsTotal, BigDecimal livingArea, Double latitude, Double longitude,
                             Integer photosCount, Instant modificationTimestamp, Instant deletedAt) {
}
