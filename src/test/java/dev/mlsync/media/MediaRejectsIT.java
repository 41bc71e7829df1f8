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
        files.put("/empty", new byte[0]);
        files.put("/html-as-jpeg", "<html><body>Please log in</body></html>".getBytes(StandardCharsets.UTF_8));
        files.put("/jpeg-bomb", withJpegSize(jpeg, 60_000, 60_000));
        files.put("/gif-bomb", gifHeader(65_535, 65_535));
        files.put("/one-pixel-high", png(4_000, 1));
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
        try (MediaSetup s = MediaSetup.of(SimOptions.of(5),
                MediaSetup.MEDIA.withLimits(200_000, 1_000_000))) {
            List<String> keys = s.sim().truth("Media").stream().map(t -> t.key()).sorted().toList();
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("/html", "an HTML page instead of an image (Content-Type text/html)");
            expected.put("/truncated-jpeg", "truncated or corrupt JPEG: no end-of-image marker");
            expected.put("/corrupt-header", "corrupt JPEG header");
            expected.put("/oversized", "exceeds the cap of 200000 bytes (media.maxBytes)");
            expected.put("/bomb", "image of 20000×20000 pixels exceeds the cap of 1000000 pixels (media.maxPixels)");
            expected.put("/cut-transfer", "gave up after 5 attempts");
            expected.put("/empty", "an empty file (0 bytes) instead of an image (Content-Type image/jpeg)");
            expected.put("/html-as-jpeg", "an HTML page instead of an image (Content-Type image/jpeg)");
            expected.put("/jpeg-bomb", "image of 60000×60000 pixels exceeds the cap of 1000000 pixels");
            expected.put("/gif-bomb", "image of 65535×65535 pixels exceeds the cap of 1000000 pixels");
            int i = 0;
            Map<String, String> reasonByKey = new LinkedHashMap<>();
            for (var entry : expected.entrySet()) {
                String key = keys.get(i++ * 2);
                s.sim().corrupt("Media", key, "MediaURL",
                        "\"http://127.0.0.1:" + host.getAddress().getPort() + entry.getKey() + "\"");
                reasonByKey.put(key, entry.getValue());
            }
            String wide = keys.get(i * 2);
            s.sim().corrupt("Media", wide, "MediaURL",
                    "\"http://127.0.0.1:" + host.getAddress().getPort() + "/one-pixel-high\"");
            s.sync(RunKind.FULL);
            s.drainMedia();

            for (var entry : reasonByKey.entrySet()) {
                assertThat(s.replica().strings("SELECT state || ': ' || coalesce(last_error, '') FROM listing_media "
                        + "WHERE media_key = '" + entry.getKey() + "'"))
                        .singleElement().asString().startsWith("failed: ").contains(entry.getValue());
            }
            assertThat(s.replica().strings("SELECT state || ' ' || width || 'x' || height FROM listing_media "
                    + "WHERE media_key = '" + wide + "'")).containsExactly("stored 4000x1");
            assertThat(s.replica().strings("SELECT variant || ' ' || width || 'x' || height FROM media_derivative "
                    + "WHERE media_key = '" + wide + "' ORDER BY variant")).contains("w160 160x1", "w320 320x1");
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE state = 'failed' "
                    + "AND (object_key IS NOT NULL OR sha256 IS NOT NULL)")).isZero();
            long live = s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE);
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state = 'stored'"))
                    .isEqualTo(live - reasonByKey.size()).isPositive();
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

    /** The JPEG with its frame header (SOF0) claiming another size: a bomb that decodes a header only. */
    private static byte[] withJpegSize(byte[] jpeg, int width, int height) {
        byte[] copy = jpeg.clone();
        for (int i = 2; i + 8 < copy.length; i++) {
            if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xC0) {
                copy[i + 5] = (byte) (height >> 8);
                copy[i + 6] = (byte) height;
                copy[i + 7] = (byte) (width >> 8);
                copy[i + 8] = (byte) width;
                return copy;
            }
        }
        throw new AssertionError("no SOF0 marker");
    }

    /** A GIF header and logical screen claiming a huge image, with an image descriptor of the same size. */
    private static byte[] gifHeader(int width, int height) {
        ByteBuffer gif = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height)
                .put((byte) 0).put((byte) 0).put((byte) 0)
                .put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) width)
                .putShort((short) height).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 0x3B);
        return Arrays.copyOf(gif.array(), gif.position());
    }

    private static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
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
