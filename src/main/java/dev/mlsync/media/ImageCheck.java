package dev.mlsync.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Checks a downloaded file before it may be stored: its first bytes must be an image format, its header
 * must decode, width × height must stay within the pixel cap (a decompression bomb is rejected before a
 * single pixel is decoded), and a JPEG must end with its end-of-image marker (a truncated transfer that
 * still looked complete). Failures are {@link MediaFetchException.Outcome#REJECTED} with the reason.
 */
final class ImageCheck {
    private final long maxPixels;

    ImageCheck(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    record Checked(ImageFormat format, int width, int height) {
    }

    Checked check(Path file, String contentType) {
        byte[] head = head(file);
        ImageFormat format = ImageFormat.of(head);
        if (format == null) {
            throw MediaFetchException.rejected(ImageFormat.describe(head, contentType));
        }
        int[] size = dimensions(file, format);
        long pixels = (long) size[0] * size[1];
        if (size[0] < 1 || size[1] < 1 || pixels > maxPixels) {
            throw MediaFetchException.rejected("image of " + size[0] + "×" + size[1] + " pixels exceeds the cap of "
                    + maxPixels + " pixels (media.maxPixels)");
        }
        if (format == ImageFormat.JPEG && !endsWithEndOfImage(file)) {
            throw MediaFetchException.rejected("truncated or corrupt JPEG: no end-of-image marker");
        }
        return new Checked(format, size[0], size[1]);
    }

    private static byte[] head(Path file) {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw MediaFetchException.retry("cannot read the downloaded file: " + e.getMessage(), false);
        }
    }

    private static int[] dimensions(Path file, ImageFormat format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw MediaFetchException.rejected("no decoder for this " + format + " file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaFetchException m) {
                throw m;
            }
            throw MediaFetchException.rejected("corrupt " + format + " header: " + e.getMessage());
        }
    }

    /** JPEG data ends with FF D9; some encoders pad after it, so look at the last few bytes. */
    private static boolean endsWithEndOfImage(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int tail = (int) Math.min(length, 32);
            byte[] bytes = new byte[tail];
            raf.seek(length - tail);
            raf.readFully(bytes);
            for (int i = tail - 2; i >= 0; i--) {
                if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
