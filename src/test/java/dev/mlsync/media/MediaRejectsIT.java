package dev.mlsync.media;

import com.sun.net.httpserver.HttpServer;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.SimOptions;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad files from a media host: each ends failed with its reason, never stored; every other photo is stored. */
class MediaRejectsIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";

    @Test
    void html_truncated_corrupt_oversized_and_bomb_images_should_fail_with_their_reason() throws Exception {
        HttpServer host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jpeg = jpeg();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/html", "<!DOCTYPE html><html><body>Access denied</body></html>".getBytes(StandardCharsets.UTF_8));
        files.put("/truncated-jpeg", Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] corrupt = jpeg.clone();
        Arrays.fill(corrupt, 4, corrupt.length - 2, (byte) 0x55);
        files.put("/corrupt-header", corrupt);
        byte[] oversized = Arrays.copyOf(jpeg, 300_000);
        oversized[oversized.length - 2] = (byte) 0xFF;
        oversized[oversized.length - 1] = (byte) 0xD9;
        files.put("/oversized", oversized);
        files.put("/bomb", pngHeader(20_000, 20_000));
        files.forEach((path, body) -> host.createContext(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", path.equals("/html") ? "text/html" : "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }));
        host.createContext("/cut-transfer", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, jpeg.length);
            exchange.getResponseBody().write(jpeg, 0, jpeg.length / 2);
            exchange.getResponseBody().flush();
            exchange.close();
        });
        host.start();
        try (MediaSetup s = MediaSetup.of(SimOptions.of(3),
                MediaSetup.MEDIA.withLimits(200_000, 1_000_000))) {
            List<String> keys = s.sim().truth("Media").stream().map(t -> t.key()).sorted().toList();
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("/html", "an HTML page instead of an image (Content-Type text/html)");
            expected.put("/truncated-jpeg", "truncated or corrupt JPEG: no end-of-image marker");
            expected.put("/corrupt-header", "corrupt JPEG header");
            expected.put("/oversized", "exceeds the cap of 200000 bytes (media.maxBytes)");
            expected.put("/bomb", "image of 20000×20000 pixels exceeds the cap of 1000000 pixels (media.maxPixels)");
            expected.put("/cut-transfer", "gave up after 5 attempts");
            int i = 0;
            Map<String, String> reasonByKey = new LinkedHashMap<>();
            for (var entry : expected.entrySet()) {
                String key = keys.get(i++ * 3);
                s.sim().corrupt("Media", key, "MediaURL",
                        "\"http://127.0.0.1:" + host.getAddress().getPort() + entry.getKey() + "\"");
                reasonByKey.put(key, entry.getValue());
            }
            s.sync(RunKind.FULL);
            s.drainMedia();

            for (var entry : reasonByKey.entrySet()) {
                assertThat(s.replica().strings("SELECT state || ': ' || coalesce(last_error, '') FROM listing_media "
                        + "WHERE media_key = '" + entry.getKey() + "'"))
                        .singleElement().asString().startsWith("failed: ").contains(entry.getValue());
            }
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE state = 'failed' "
                    + "AND (object_key IS NOT NULL OR sha256 IS NOT NULL)")).isZero();
            long live = s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE);
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state = 'stored'"))
                    .isEqualTo(live - reasonByKey.size());
        } finally {
            host.stop(0);
        }
    }

    static byte[] jpeg() {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 64; x++) {
            image.setRGB(x, x % 48, 0xFF8800);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG signature and IHDR claiming a huge image (and nothing else): a decompression bomb's header. */
    private static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }
}
