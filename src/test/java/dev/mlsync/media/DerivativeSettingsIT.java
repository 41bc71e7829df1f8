package dev.mlsync.media;

import dev.mlsync.App;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.FeedMediaConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.testing.Replica;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** feeds[].media derivative settings: each feed gets its own sizes, and a change re-makes them. */
class DerivativeSettingsIT {
    @Test
    void two_feeds_should_get_their_own_derivative_sizes_from_the_same_photos() throws Exception {
        FeedMediaConfig small = FeedMediaConfig.ofDefaults().withDerivatives(List.of(160), false, null);
        try (MediaSetup s = MediaSetup.of(SimOptions.of(2), MediaSetup.MEDIA, small)) {
            FeedConfig second = new FeedConfig("f2", s.feed().provider(), s.feed().baseUrl(), s.feed().auth(),
                    s.feed().originatingSystem(), s.feed().resources(), s.feed().pageSize(), s.feed().overrides(),
                    s.feed().limits(), null).withMedia(FeedMediaConfig.ofDefaults().withDerivatives(List.of(200, 240),
                    true, 0.6));
            MlsyncConfig config = new MlsyncConfig(s.config().database(), List.of(s.feed(), second),
                    s.config().storage(), s.config().media(), s.config().workers(), s.config().server());
            try (App app = MediaSetup.open(config, s.url())) {
                for (FeedConfig feed : config.feeds()) {
                    app.sync().sync(feed, "Property", RunKind.FULL, "test", RunListener.NONE);
                }
                MediaSetup.drainMedia(app);
                Replica replica = s.replica();
                assertThat(replica.count("SELECT count(*) FROM listing_media WHERE state <> 'stored'")).isZero();
                assertThat(replica.strings("SELECT DISTINCT variant FROM media_derivative WHERE feed_id = 'f1' "
                        + "ORDER BY 1")).containsExactly("w160");
                assertThat(replica.strings("SELECT DISTINCT variant FROM media_derivative WHERE feed_id = 'f2' "
                        + "ORDER BY 1")).containsExactly("w200", "w240", "w240-webp");
                assertThat(replica.count("SELECT count(*) FROM listing_media m WHERE m.feed_id = 'f2' AND "
                        + "(SELECT count(*) FROM media_derivative d WHERE d.feed_id = m.feed_id "
                        + "AND d.media_key = m.media_key) <> 3")).isZero();
                for (String key : replica.strings("SELECT object_key FROM media_derivative WHERE feed_id = 'f2' "
                        + "AND variant = 'w240' LIMIT 5")) {
                    assertThat(width(app, key)).isEqualTo(240);
                }
            }
        }
    }

    @Test
    void identical_photos_of_feeds_with_different_jpeg_quality_should_get_derivatives_of_their_own_quality()
            throws Exception {
        FeedMediaConfig fine = FeedMediaConfig.ofDefaults().withDerivatives(List.of(160, 320), false, 0.95);
        try (MediaSetup s = MediaSetup.of(SimOptions.of(2), MediaSetup.MEDIA, fine)) {
            FeedConfig second = new FeedConfig("f2", s.feed().provider(), s.feed().baseUrl(), s.feed().auth(),
                    s.feed().originatingSystem(), s.feed().resources(), s.feed().pageSize(), s.feed().overrides(),
                    s.feed().limits(), null).withMedia(FeedMediaConfig.ofDefaults().withDerivatives(List.of(160, 320),
                    false, 0.3));
            MlsyncConfig config = new MlsyncConfig(s.config().database(), List.of(s.feed(), second),
                    s.config().storage(), s.config().media(), s.config().workers(), s.config().server());
            try (App app = MediaSetup.open(config, s.url())) {
                app.media(); // records each feed's settings, as a process start does
                for (FeedConfig feed : config.feeds()) { // f1's photos are stored (and derived) first, f2 dedupes
                    app.sync().sync(feed, "Property", RunKind.FULL, "test", RunListener.NONE);
                    MediaSetup.drainMedia(app);
                }
                Replica replica = s.replica();
                assertThat(replica.count("SELECT count(*) FROM listing_media WHERE state <> 'stored'")).isZero();
                List<String> pairs = replica.strings("""
                        SELECT a.variant || ' ' || a.object_key || ' ' || a.bytes || ' ' || b.object_key || ' ' || b.bytes
                        FROM media_derivative a
                        JOIN listing_media ma ON ma.feed_id = a.feed_id AND ma.media_key = a.media_key
                        JOIN listing_media mb ON mb.feed_id = 'f2' AND mb.sha256 = ma.sha256
                        JOIN media_derivative b ON b.feed_id = mb.feed_id AND b.media_key = mb.media_key
                             AND b.variant = a.variant
                        WHERE a.feed_id = 'f1'""");
                assertThat(pairs).as("f2's photos are byte-identical to f1's").hasSizeGreaterThan(10);
                assertThat(replica.count("SELECT count(*) FROM listing_media WHERE feed_id = 'f2' "
                        + "AND object_key NOT LIKE 'f1/%'")).as("f2 shares f1's originals").isZero();
                assertThat(replica.strings("SELECT DISTINCT variant FROM media_derivative ORDER BY 1"))
                        .containsExactly("w160", "w320");
                assertThat(replica.strings("SELECT DISTINCT derivative_spec FROM listing_media WHERE feed_id = 'f2'"))
                        .containsExactly("160,320;q0.30");
                for (String pair : pairs) {
                    String[] parts = pair.split(" ");
                    byte[] f1 = bytes(app, parts[1]);
                    byte[] f2 = bytes(app, parts[3]);
                    assertThat(f1.length).as(pair + ": f1's object is what its row records")
                            .isEqualTo(Integer.parseInt(parts[2]));
                    assertThat(f2.length).as(pair + ": f2's object is what its row records")
                            .isEqualTo(Integer.parseInt(parts[4]));
                    assertThat(f2.length).as(pair + ": quality 0.3 is smaller than 0.95").isLessThan(f1.length);
                }
            }
        }
    }

    @Test
    void changed_sizes_should_remake_the_derivatives_and_delete_those_no_longer_wanted() throws Exception {
        FeedMediaConfig before = FeedMediaConfig.ofDefaults().withDerivatives(List.of(160, 320), true, null);
        try (MediaSetup s = MediaSetup.of(SimOptions.of(2), MediaSetup.MEDIA, before)) {
            s.app().media(); // records the feed's settings, as a process start does
            s.sync(RunKind.FULL);
            s.drainMedia();
            Replica replica = s.replica();
            List<String> unwanted = replica.strings("SELECT object_key FROM media_derivative "
                    + "WHERE variant IN ('w320', 'w320-webp') ORDER BY 1");
            assertThat(unwanted).isNotEmpty().allMatch(s::hasObject);
            long photos = replica.count("SELECT count(*) FROM listing_media WHERE state = 'stored'");
            s.app().close();

            FeedConfig changed = s.feed().withMedia(FeedMediaConfig.ofDefaults().withDerivatives(List.of(160, 200),
                    false, null));
            MlsyncConfig config = new MlsyncConfig(s.config().database(), List.of(changed), s.config().storage(),
                    s.config().media(), s.config().workers(), s.config().server());
            try (App app = MediaSetup.open(config, s.url())) {
                MediaSetup.drainMedia(app);
                assertThat(replica.strings("SELECT DISTINCT variant FROM media_derivative ORDER BY 1"))
                        .containsExactly("w160", "w200");
                assertThat(replica.count("SELECT count(*) FROM media_derivative")).isEqualTo(photos * 2);
                assertThat(replica.count("SELECT count(*) FROM listing_media WHERE derivatives_at IS NULL "
                        + "OR derivative_spec <> '160,200;q0.82'")).isZero();
                app.media().sweep(); // dropped variants are released to the object ledger, which the sweep resolves
                assertThat(unwanted).as("the sweep deletes what no row uses")
                        .noneMatch(key -> app.objectStore().exists(new ObjectKey(key)));
                for (String key : replica.strings("SELECT object_key FROM media_derivative WHERE variant = 'w200' "
                        + "LIMIT 5")) {
                    assertThat(width(app, key)).isEqualTo(200);
                }
                assertThat(app.database().media().totals("f1").failed()).isZero();
            }
        }
    }

    private static byte[] bytes(App app, String key) throws Exception {
        try (InputStream in = app.objectStore().open(new ObjectKey(key)).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    private static int width(App app, String key) throws Exception {
        try (InputStream in = app.objectStore().open(new ObjectKey(key)).orElseThrow()) {
            BufferedImage image = ImageIO.read(in);
            return image.getWidth();
        }
    }
}
