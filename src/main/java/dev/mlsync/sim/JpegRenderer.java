package dev.mlsync.sim;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small JPEGs whose colours and stripes derive from the media key: same key, same bytes. */
final class JpegRenderer {
    private static final int CACHE_SIZE = 256;

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

    byte[] render(Photo photo) {
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
