package dev.mlsync.media;

import dev.mlsync.config.MediaConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.RequestLogEntry;
import dev.mlsync.sim.SimFaults;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.TruthRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An expired media URL, for every Web API profile the simulator serves: the listing's Media records are renewed
 * from the provider and the photo is fetched with the fresh URL, once.
 */
class ExpiredMediaIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";
    private static final MediaConfig ORIGINALS = MediaSetup.MEDIA.withDerivatives(List.of(), false);

    @ParameterizedTest
    @EnumSource(value = SimProfile.class, names = "RETS", mode = EnumSource.Mode.EXCLUDE)
    void a_403_expired_url_should_renew_the_listings_media_from_the_provider_and_store_the_photo(SimProfile profile)
            throws Exception {
        SimOptions options = SimOptions.of(6).withProfile(profile)
                .withFaults(SimFaults.none().with(SimFaults.Kind.EXPIRED_MEDIA, 0.2));
        try (MediaSetup s = MediaSetup.of(options, ORIGINALS)) {
            s.sync(RunKind.FULL);
            int afterSync = s.sim().requests().size();
            s.drainMedia();

            assertThat(s.sim().faultCounts().get(SimFaults.Kind.EXPIRED_MEDIA)).isPositive();
            List<RequestLogEntry> later = s.sim().requests().subList(afterSync, s.sim().requests().size());
            assertThat(later).as("Media renewed from the provider")
                    .anySatisfy(r -> assertThat(r.pathAndQuery()).contains("ResourceRecordKey"));
            assertThat(s.replica().strings("SELECT media_key || ' ' || state || ' ' || coalesce(last_error, '') "
                    + "FROM listing_media WHERE " + LIVE + " AND state <> 'stored'")).isEmpty();
            assertThat(s.photoRequests()).as("each photo served once").doesNotHaveDuplicates();
        }
    }

    @Test
    void a_signed_url_past_its_expiry_should_be_renewed_before_it_is_ever_requested() throws Exception {
        try (MediaSetup s = MediaSetup.of(SimOptions.of(3), ORIGINALS)) {
            TruthRecord listing = s.sim().truth("Property").stream().filter(t -> !t.deleted()
                    && !t.mediaKeys().isEmpty()).findFirst().orElseThrow();
            String photo = listing.mediaKeys().getFirst();
            String url = s.sim().serviceRoot().resolve("/media/" + photo + ".jpg").toString();
            String signed = "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=abc&X-Amz-Date=";
            s.sim().corrupt("Media", photo, "MediaURL", "\"" + url + signed + "20200101T000000Z\"");
            s.sync(RunKind.FULL);
            String fresh = url + signed + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .format(Instant.now().atOffset(ZoneOffset.UTC));
            s.sim().corrupt("Media", photo, "MediaURL", "\"" + fresh + "\"");
            s.drainMedia();

            assertThat(s.sim().requests()).noneSatisfy(r -> assertThat(r.pathAndQuery()).contains("20200101T000000Z"));
            assertThat(s.replica().strings("SELECT state || ' ' || media_url FROM listing_media WHERE media_key = '"
                    + photo + "'")).containsExactly("stored " + fresh);
            assertThat(s.photoRequests().stream().filter(path -> path.contains(photo))).hasSize(1);
        }
    }
}
