package dev.mlsync.sim;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JPEGs whose colours and stripes derive from the media key: same key, same bytes. Small ones (320×240) are
 * rendered per key; large ones (2048×1536, 300–600 KB, for benchmarks) are one of {@value #LARGE_BASES} textured
 * pictures rendered once, with the media key in a JPEG comment so every photo's bytes still differ.
 */
final class JpegRenderer {
    private static final int CACHE_SIZE = 256;
    static final int LARGE_WIDTH = 2048;
    static final int LARGE_HEIGHT = 1536;
    private static final int LARGE_BASES = 8;

    private final boolean large;
    private final byte[][] bases = new byte[LARGE_BASES][];

    JpegRenderer() {
        this(false);
    }

    JpegRenderer(boolean large) {
        this.large = large;
    }

    private final Map<String, byte[]> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** What a photo file is derived from, read under the dataset lock. */
    record Photo(String key, boolean portrait) {
        static Photo of(MediaRow row) {
            return new Photo(row.key(), MediaTable.portrait(row));
        }
    }

    /** SHA-256 (hex) of every photo rendered so far, by MediaKey: a photo's bytes depend on its key alone. */
    private final Map<String, String> digests = new java.util.concurrent.ConcurrentHashMap<>();

    /** The SHA-256 (hex) of the photo's file, rendering it if it never was. */
    String sha256(Photo photo) {
        String known = digests.get(photo.key());
        return known != null ? known : digest(render(photo));
    }

    byte[] render(Photo photo) {
        byte[] bytes = renderUncounted(photo);
        digests.computeIfAbsent(photo.key(), k -> digest(bytes));
        return bytes;
    }

    private static String digest(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private byte[] renderUncounted(Photo photo) {
        if (large) {
            return renderLarge(photo.key());
        }
        String mediaKey = photo.key();
        synchronized (cache) {
            byte[] cached = cache.get(mediaKey);
            if (cached != null) {
                return cached;
            }
        }
        byte[] bytes = encode(mediaKey, photo.portrait());
        synchronized (cache) {
            cache.put(mediaKey, bytes);
        }
        return bytes;
    }

    private byte[] renderLarge(String mediaKey) {
        int base = Math.floorMod(Dataset.mix(mediaKey.hashCode()), LARGE_BASES);
        byte[] picture;
        synchronized (bases) {
            if (bases[base] == null) {
                bases[base] = encodeLarge(base);
            }
            picture = bases[base];
        }
        return withComment(picture, mediaKey);
    }

    /** Inserts a COM segment holding {@code text} right after the start-of-image marker. */
    private static byte[] withComment(byte[] jpeg, String text) {
        byte[] comment = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = Math.min(comment.length, 60_000) + 2;
        byte[] out = new byte[jpeg.length + length + 2];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xFE;
        out[4] = (byte) (length >> 8);
        out[5] = (byte) length;
        System.arraycopy(comment, 0, out, 6, length - 2);
        System.arraycopy(jpeg, 2, out, 4 + length, jpeg.length - 2);
        return out;
    }

    /** A photo-like picture: gradients, stripes and fine noise, so it compresses like a real photo. */
    private static byte[] encodeLarge(int base) {
        long hash = Dataset.mix(base * 7919L + 17);
        java.util.SplittableRandom noise = new java.util.SplittableRandom(hash);
        BufferedImage image = new BufferedImage(LARGE_WIDTH, LARGE_HEIGHT, BufferedImage.TYPE_INT_RGB);
        int stripe = 24 + (int) ((hash >>> 24) & 63);
        int[] row = new int[LARGE_WIDTH];
        for (int y = 0; y < LARGE_HEIGHT; y++) {
            for (int x = 0; x < LARGE_WIDTH; x++) {
                int p = pixel(hash, x, y, LARGE_WIDTH, LARGE_HEIGHT, stripe);
                int n = noise.nextInt(NOISE) - NOISE / 2;
                int r = clamp(((p >> 16) & 255) + n);
                int g = clamp(((p >> 8) & 255) + n);
                int b = clamp((p & 255) + n);
                row[x] = (r << 16) | (g << 8) | b;
            }
            image.setRGB(0, y, LARGE_WIDTH, 1, row, 0, LARGE_WIDTH);
        }
        return jpeg(image);
    }

    private static final int NOISE = 18;

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static byte[] jpeg(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512 * 1024);
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] encode(String mediaKey, boolean portrait) {
        int width = portrait ? MediaTable.HEIGHT : MediaTable.WIDTH;
        int height = portrait ? MediaTable.WIDTH : MediaTable.HEIGHT;
        long hash = Dataset.mix(mediaKey.hashCode());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int stripe = 8 + (int) ((hash >>> 24) & 31);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, pixel(hash, x, y, width, height, stripe));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int pixel(long hash, int x, int y, int width, int height, int stripe) {
        int r = (int) (hash & 255);
        int g = (int) ((hash >>> 8) & 255);
        int b = (int) ((hash >>> 16) & 255);
        boolean band = ((x + y) / stripe) % 2 == 0;
        int shade = band ? 40 : 0;
        r = (r * (width - x) / width + shade) & 255;
        g = (g * (height - y) / height + shade) & 255;
        b = (b + shade) & 255;
        return (r << 16) | (g << 8) | b;
    }
}
