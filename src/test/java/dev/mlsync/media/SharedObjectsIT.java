package dev.mlsync.media;

import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.TruthRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identical bytes are stored once and shared; a new version of one of the photos sharing them (new
 * MediaModificationTimestamp, new bytes) must neither overwrite nor delete what the others still show, on both
 * object stores, whichever of them changes: the one whose key the object has, or one that shares it.
 */
class SharedObjectsIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";

    @ParameterizedTest(name = "{0}, the {1} changes")
    @CsvSource({"FILESYSTEM, owner", "FILESYSTEM, sharer", "S3, owner", "S3, sharer"})
    void a_changed_photo_should_leave_the_objects_of_the_photos_sharing_its_bytes_intact(MediaSetup.Stores store,
                                                                                          String changes)
            throws Exception {
        try (MediaSetup s = MediaSetup.of(store, SimOptions.of(4), MediaSetup.MEDIA)) {
            List<TruthRecord> listings = s.sim().truth("Property").stream()
                    .filter(t -> !t.deleted() && t.mediaKeys().size() >= 2).toList();
            String owner = listings.get(0).mediaKeys().get(0);
            String sharer = listings.get(1).mediaKeys().get(0);
            // bytes no row will have: the photo whose own URL is never asked for (its record points elsewhere)
            String unused = listings.get(2).mediaKeys().get(0);
            s.sim().corrupt("Media", sharer, "MediaURL", url(s, owner));
            s.sim().corrupt("Media", unused, "MediaURL", url(s, listings.get(2).mediaKeys().get(1)));
            s.sync(RunKind.FULL);
            s.app().media().fetchListing("f1", listings.get(0).key()); // the owner first: the sharer dedupes onto it
            s.drainMedia();
            assertThat(objectKey(s, sharer)).as("identical bytes stored once").isEqualTo(objectKey(s, owner));

            String changed = changes.equals("owner") ? owner : sharer;
            String kept = changed.equals(owner) ? sharer : owner;
            Map<String, String> keptObjects = objectsOf(s, kept);
            s.sim().corrupt("Media", changed, "MediaURL", url(s, unused));
            s.sim().corrupt("Media", changed, "MediaModificationTimestamp", "\"2030-01-01T00:00:00Z\"");
            s.sync(RunKind.FULL);
            assertThat(s.replica().strings("SELECT state FROM listing_media WHERE media_key = '" + changed + "'"))
                    .containsExactly("pending");
            s.drainMedia();
            s.app().media().purgeGone(Instant.now().plus(Duration.ofHours(1))); // releases are resolved, as later

            assertThat(s.storedSha256(objectKey(s, changed))).as("the new version is stored")
                    .isEqualTo(s.sim().photoSha256(unused).orElseThrow());
            assertThat(objectsOf(s, kept)).as("the objects of the photo that did not change, and their bytes")
                    .isEqualTo(keptObjects);
            List<String> rows = s.replica().strings("SELECT media_key || ' ' || state || ' ' || object_key || ' ' "
                    + "|| sha256 || ' ' || (derivatives_at IS NOT NULL) FROM listing_media WHERE " + LIVE);
            assertThat(rows).hasSizeGreaterThan(10);
            for (String row : rows) {
                String[] parts = row.split(" ");
                assertThat(parts[1]).as(row).isEqualTo("stored");
                assertThat(s.storedSha256(parts[2])).as(row + ": its object holds its bytes").isEqualTo(parts[3]);
                assertThat(parts[4]).as(row + " has its derivatives").isEqualTo("true");
            }
            assertThat(s.replica().count("SELECT count(*) FROM listing_media m WHERE " + LIVE + " AND NOT EXISTS "
                    + "(SELECT 1 FROM media_derivative d WHERE d.feed_id = m.feed_id AND d.media_key = m.media_key)"))
                    .as("photos without a derivative row").isZero();
            for (String key : s.replica().strings("SELECT object_key FROM media_derivative")) {
                assertThat(s.hasObject(key)).as(key).isTrue();
            }
            assertThat(s.replica().count("SELECT count(*) FROM media_object_write")).isZero();
        }
    }

    private static String url(MediaSetup s, String mediaKey) {
        return "\"" + s.sim().serviceRoot().resolve("/media/" + mediaKey + ".jpg") + "\"";
    }

    private static String objectKey(MediaSetup s, String mediaKey) throws Exception {
        return s.replica().strings("SELECT object_key FROM listing_media WHERE media_key = '" + mediaKey + "'")
                .getFirst();
    }

    /** The photo's original and derivative objects, each with the SHA-256 of what the store holds under it. */
    private static Map<String, String> objectsOf(MediaSetup s, String mediaKey) throws Exception {
        Map<String, String> objects = new LinkedHashMap<>();
        for (String key : s.replica().strings("SELECT object_key FROM listing_media WHERE media_key = '" + mediaKey
                + "' UNION ALL (SELECT object_key FROM media_derivative WHERE media_key = '" + mediaKey
                + "' ORDER BY variant)")) {
            objects.put(key, s.storedSha256(key));
        }
        assertThat(objects).hasSizeGreaterThan(1).doesNotContainValue(null);
        return objects;
    }
}
