package dev.mlsync.source.rets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.RetsConfig;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each listing of a page its photos as RESO Media records, so the media pipeline treats RETS
 * photos like any other: MediaKey {@code ListingKey:ObjectId}, Order = the object id, MediaURL = the
 * server's Location when it gives one, else a {@code rets-object:} reference that
 * {@link RetsSource#fetchMedia} downloads for the media pipeline. MediaModificationTimestamp is the listing's
 * PhotosChangeTimestamp, or, for references (whose URL never changes), its ModificationTimestamp.
 * <p>{@code photos: location} asks one GetObject {@code Location=1} per {@value #BATCH} listings;
 * {@code photos: objects} uses the listing's PhotosCount and sends nothing. A failed photo request
 * never fails the page: its listings keep no Media field (not fetched), so nothing is wiped.
 */
final class ListingPhotos {
    static final int BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ListingPhotos.class);

    private final RetsSession session;
    private final RetsHttp http;
    private final RetsConfig config;

    ListingPhotos(RetsSession session, RetsHttp http, RetsConfig config) {
        this.session = session;
        this.http = http;
        this.config = config;
    }

    void attach(List<ObjectNode> listings) {
        switch (config.photos()) {
            case NONE -> {
            }
            case OBJECTS -> listings.forEach(this::attachByCount);
            case LOCATION -> {
                if (!session.offers("GetObject")) {
                    return;
                }
                for (int i = 0; i < listings.size(); i += BATCH) {
                    attachByLocation(listings.subList(i, Math.min(listings.size(), i + BATCH)));
                }
            }
        }
    }

    private void attachByCount(ObjectNode listing) {
        if (!listing.hasNonNull("PhotosCount") || !listing.get("PhotosCount").canConvertToInt()
                && !listing.get("PhotosCount").asText().matches("\\d{1,4}")) {
            return;
        }
        int count = listing.get("PhotosCount").asInt();
        String key = listing.get(FieldMap.KEY).asText();
        ArrayNode media = listing.putArray("Media");
        for (int id = 1; id <= count; id++) {
            add(media, listing, key, Integer.toString(id), null, null, id == 1);
        }
    }

    private void attachByLocation(List<ObjectNode> listings) {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        StringJoiner ids = new StringJoiner(",");
        for (ObjectNode listing : listings) {
            String key = listing.get(FieldMap.KEY).asText();
            byKey.put(key, listing);
            ids.add(key + ":*");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Resource", config.resource());
        params.put("Type", config.photoType());
        params.put("ID", ids.toString());
        params.put("Location", "1");
        Map<String, List<RetsObject>> found;
        try {
            found = session.call("GetObject", params, response -> read(response.headers(), RetsHttp.body(response)));
        } catch (SourceException e) {
            if (e.category() == Category.RATE_LIMIT || e.category() == Category.NETWORK
                    || e.category() == Category.AUTH) {
                throw e;
            }
            LOG.warn("feed {}: RETS photo locations of {} listings unavailable, their Media stay as they were: {}",
                    http.feedId(), listings.size(), e.getMessage());
            return;
        }
        byKey.forEach((key, listing) -> {
            ArrayNode media = listing.putArray("Media");
            for (RetsObject object : found.getOrDefault(key, List.of())) {
                add(media, listing, key, object.objectId(), object.location(), object.description(), object.preferred());
            }
        });
    }

    /** Objects by listing key; parts that are RETS errors (20403: no photos) give none. */
    private static Map<String, List<RetsObject>> read(java.net.http.HttpHeaders headers, InputStream body)
            throws java.io.IOException, javax.xml.stream.XMLStreamException {
        Map<String, List<RetsObject>> found = new LinkedHashMap<>();
        try (ObjectAnswer answer = ObjectAnswer.of(headers, body)) {
            for (ObjectAnswer.Item item = answer.next(); item != null; item = answer.next()) {
                if (item.reply() != null && item.reply().needsLogin()) {
                    throw new RetsSession.SessionExpiredException(item.reply().toString());
                }
                RetsObject object = item.object();
                if (!item.failed() && object.contentId() != null && object.objectId() != null) {
                    found.computeIfAbsent(object.contentId(), k -> new ArrayList<>()).add(object);
                }
            }
        }
        return found;
    }

    private void add(ArrayNode media, ObjectNode listing, String key, String objectId, String location,
                     String description, boolean preferred) {
        ObjectNode record = media.addObject();
        record.put("MediaKey", key + ":" + objectId);
        record.put("ResourceRecordKey", key);
        record.put("ResourceName", "Property");
        record.put("MediaCategory", "Photo");
        record.put("MediaObjectID", objectId);
        if (objectId.matches("\\d{1,9}")) {
            record.put("Order", Integer.parseInt(objectId));
        }
        String url = location != null && !location.isBlank() ? location
                : new ObjectReference(config.photoType(), key, objectId).url();
        record.put("MediaURL", url);
        String changed = listing.hasNonNull("PhotosChangeTimestamp") ? listing.get("PhotosChangeTimestamp").asText()
                : location == null && listing.hasNonNull(FieldMap.TIMESTAMP) ? listing.get(FieldMap.TIMESTAMP).asText() : null;
        if (changed != null) {
            record.put("MediaModificationTimestamp", changed);
        }
        if (description != null) {
            record.put("ShortDescription", description);
        }
        record.put("PreferredPhotoYN", preferred);
    }
}
