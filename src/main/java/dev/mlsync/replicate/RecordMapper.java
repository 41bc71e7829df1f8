package dev.mlsync.replicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.RawRecord;
import dev.mlsync.source.RecordShape;
import dev.mlsync.store.ListingRow;
import dev.mlsync.store.MediaRow;
import dev.mlsync.store.ResourceRow;
import dev.mlsync.store.SyncErrorRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps provider records (RESO Data Dictionary names) to the replica's rows. The whole record is kept
 * as {@code raw}; typed columns are what users filter on. Bad records raise
 * {@link RecordRejectedException}.
 */
final class RecordMapper {
    static final int MAX_KEY_LENGTH = 255;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String resource;
    private final RecordShape shape;

    RecordMapper(String resource, RecordShape shape) {
        this.resource = resource;
        this.shape = shape;
    }

    MappedRecord map(RawRecord raw) {
        if (raw.problem() != null) {
            throw new RecordRejectedException("wrong_type", raw.problem());
        }
        ObjectNode json = raw.json();
        String key = key(json, shape.keyField());
        Instant cursorTimestamp = requiredTimestamp(json, shape.timestampField());
        boolean deleted = shape.isDeleted(json);
        if (!"Property".equals(resource)) {
            Instant version = versionTimestamp(json, cursorTimestamp);
            return new MappedRecord(key, cursorTimestamp, null, List.of(),
                    new ResourceRow(key, version, write(json), deleted), List.of());
        }
        JsonNode mediaNode = json.remove("Media");
        List<SyncErrorRow> problems = new ArrayList<>();
        List<MediaRow> media = mediaNode instanceof ArrayNode array ? media(key, array, problems) : List.of();
        ListingRow listing = listing(key, json, cursorTimestamp, deleted, mediaNode instanceof ArrayNode);
        return new MappedRecord(key, cursorTimestamp, listing, media, null, problems);
    }

    private static String key(ObjectNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            throw new RecordRejectedException("missing_key", field + " is missing");
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new RecordRejectedException("wrong_type", field + ": expected text, was "
                    + FieldReader.excerpt(node.toString()));
        }
        String key = node.asText();
        if (key.length() > MAX_KEY_LENGTH) {
            throw new RecordRejectedException("bad_key", field + " is " + key.length()
                    + " characters long; at most " + MAX_KEY_LENGTH + " are accepted");
        }
        if (key.chars().anyMatch(c -> c < 0x20)) {
            throw new RecordRejectedException("bad_key", field + " contains control characters");
        }
        return key;
    }

    private static Instant requiredTimestamp(ObjectNode json, String field) {
        Instant timestamp = new FieldReader(json).timestamp(field);
        if (timestamp == null) {
            throw new RecordRejectedException("missing_field", field + " is missing");
        }
        return timestamp;
    }

    /** The stored version: ModificationTimestamp where the record has one, else the cursor field. */
    private static Instant versionTimestamp(ObjectNode json, Instant cursorTimestamp) {
        Instant modified = new FieldReader(json).timestamp("ModificationTimestamp");
        return modified == null ? cursorTimestamp : modified;
    }

    private static ListingRow listing(String key, ObjectNode json, Instant cursorTimestamp, boolean deleted,
                                      boolean mediaPresent) {
        FieldReader f = new FieldReader(json);
        java.math.BigDecimal baths = f.decimal("BathroomsTotalDecimal");
        if (baths == null) {
            baths = f.decimal("BathroomsTotalInteger");
        }
        return new ListingRow(key, f.text("ListingId"), f.text("StandardStatus"),
                versionTimestamp(json, cursorTimestamp), f.timestamp("PhotosChangeTimestamp"),
                f.timestamp("StatusChangeTimestamp"), f.text("PropertyType"), f.text("PropertySubType"),
                f.decimal("ListPrice"), f.decimal("ClosePrice"), f.text("StreetNumber"), f.text("StreetName"),
                f.text("StreetSuffix"), f.text("UnitNumber"), f.text("UnparsedAddress"), f.text("City"),
                f.text("StateOrProvince"), f.text("PostalCode"), f.text("CountyOrParish"),
                f.coordinate("Latitude"), f.coordinate("Longitude"), f.integer("BedroomsTotal"), baths,
                f.decimal("LivingArea"), f.decimal("LotSizeAcres"), f.decimal("LotSizeSquareFeet"),
                f.integer("YearBuilt"), f.text("ListAgentKey"), f.text("ListOfficeKey"),
                f.date("ListingContractDate"), f.date("CloseDate"), f.integer("PhotosCount"), write(json),
                deleted, mediaPresent);
    }

    private List<MediaRow> media(String listingKey, ArrayNode array, List<SyncErrorRow> problems) {
        List<MediaRow> rows = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            try {
                if (!(element instanceof ObjectNode media)) {
                    throw new RecordRejectedException("wrong_type", "Media entry is not an object");
                }
                rows.add(mediaRow(listingKey, media));
            } catch (RecordRejectedException e) {
                problems.add(new SyncErrorRow(listingKey, "bad_media", "Media of " + listingKey + ": "
                        + e.getMessage(), excerpt(element.toString())));
            }
        }
        return rows;
    }

    private static MediaRow mediaRow(String listingKey, ObjectNode media) {
        FieldReader f = new FieldReader(media);
        String mediaKey = key(media, "MediaKey");
        String url = media.hasNonNull("MediaURL") ? media.get("MediaURL").asText() : null;
        if (url != null && url.length() > 8_000) {
            throw new RecordRejectedException("bad_url", "MediaURL of " + mediaKey + " is longer than 8000 characters");
        }
        return new MediaRow(mediaKey, listingKey, f.integer("Order"), url,
                f.timestamp("MediaModificationTimestamp"), write(media));
    }

    /** The record as UTF-8 JSON, exactly as the provider sent it (Jackson writes no raw control characters). */
    static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new RecordRejectedException("unserializable", "record cannot be written as JSON: " + e.getMessage());
        }
    }

    static String excerpt(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
