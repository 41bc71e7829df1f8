package dev.mlsync.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One listing version as it will be stored: typed columns users filter on plus the whole provider
 * record ({@code rawJson}: UTF-8 JSON, without its Media array, which is stored in {@code listing_media}).
 *
 * @param mediaPresent true when the record arrived with its Media list (possibly empty); false leaves
 *                     stored media untouched
 * @param deleted      the provider signalled that the listing left the feed
 */
public record ListingRow(String listingKey, String listingId, String standardStatus, Instant modificationTimestamp,
                         Instant photosChangeTimestamp, Instant statusChangedAt, String propertyType,
                         String propertySubType, BigDecimal listPrice, BigDecimal closePrice, String streetNumber,
                         String streetName, String streetSuffix, String unitNumber, String unparsedAddress,
                         String city, String stateOrProvince, String postalCode, String countyOrParish,
                         Double latitude, Double longitude, Integer bedroomsTotal, BigDecimal bathroomsTotal,
                         BigDecimal livingArea, BigDecimal lotSizeAcres, BigDecimal lotSizeSquareFeet,
                         Integer yearBuilt, String listAgentKey, String listOfficeKey, LocalDate listingContractDate,
                         LocalDate closeDate, Integer photosCount, byte[] rawJson, boolean deleted,
                         boolean mediaPresent) {
}
