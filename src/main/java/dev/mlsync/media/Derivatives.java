package dev.mlsync.media;

import dev.mlsync.config.DerivativeSettings;
import dev.mlsync.store.DerivativeRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Makes the resized copies of one original: it is decoded once, each width is scaled from the next larger
 * one (never from the full original again, and never upscaled), each is written as JPEG, and the largest
 * also as WebP when a WebP writer works on this machine (webp-imageio needs its native library; without
 * it WebP is skipped, said once in the log).
 */
final class Derivatives {
    private static final Logger LOG = LoggerFactory.getLogger(Derivatives.class);
    static final float WEBP_QUALITY = 0.8f;
    /** libwebp's fastest method: derivatives are a CPU budget, and method 0 costs half of method 2 here. */
    static final int WEBP_METHOD = 0;

    private final List<Integer> widths;
    private final boolean webp;
    private final float jpegQuality;
    private final Path tempDir;
    private static volatile Boolean webpWorks;

    private final String spec;
    /** In every derivative's key: the same original made under other settings never overwrites these. */
    private final String tag;

    Derivatives(List<Integer> widths, boolean webp, double jpegQuality, Path tempDir) {
        this(new DerivativeSettings(widths, webp, jpegQuality), tempDir);
    }

    Derivatives(DerivativeSettings settings, Path tempDir) {
        this.widths = settings.widths().stream().sorted(java.util.Comparator.reverseOrder()).toList();
        this.webp = settings.webp();
        this.jpegQuality = (float) settings.jpegQuality();
        this.tempDir = tempDir;
        this.spec = settings.spec();
        this.tag = ObjectKey.tagOf(spec);
    }

    /** The settings these derivatives are made with, as recorded with them ({@link DerivativeSettings#spec()}). */
    String spec() {
        return spec;
    }

    /** Whether this configuration makes no derivative at all. */
    boolean none() {
        return widths.isEmpty();
    }

    /**
     * Decodes the original; a file that does not decode is a corrupt image. It is read into memory (originals
     * are size-capped) and decoded by the JDK's own reader straight into a 3-byte BGR raster, the layout the
     * scaler and both encoders take without conversion; another reader is tried when that one cannot
     * (CMYK JPEG, other formats).
     */
    static BufferedImage decode(InputStream original, String objectKey) {
        byte[] bytes;
        try (original) {
            bytes = original.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored original " + objectKey + ": " + e.getMessage(), e);
        }
        RuntimeException first = null;
        try {
            BufferedImage image = decodeBgr(bytes);
            if (image != null) {
                return image;
            }
        } catch (IOException | RuntimeException e) {
            first = new RuntimeException(e.getMessage(), e);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            BufferedImage image = ImageIO.read(in);
            if (image == null) {
                if (first != null) {
                    throw MediaFetchException.rejected("corrupt image, it does not decode: " + first.getMessage());
                }
                throw MediaFetchException.rejected("no decoder could read the stored original " + objectKey);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaFetchException m) {
                throw m;
            }
            throw MediaFetchException.rejected("corrupt image, it does not decode: " + e.getMessage());
        }
    }

    /** The JDK reader (when it reads this format) into 3-byte BGR when it offers that; null when none reads it. */
    private static BufferedImage decodeBgr(byte[] bytes) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = null;
            while (readers.hasNext()) {
                ImageReader candidate = readers.next();
                if (reader == null || candidate.getClass().getName().startsWith("com.sun.imageio.")) {
                    reader = candidate;
                }
            }
            if (reader == null) {
                return null;
            }
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                for (Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0); types.hasNext(); ) {
                    ImageTypeSpecifier type = types.next();
                    if (type.getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR) {
                        param.setDestinationType(type);
                        break;
                    }
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    /** One derivative's pixels: its variant name, object key and content type. */
    record Scaled(String variant, ObjectKey key, String contentType, BufferedImage image) {
    }

    /**
     * The derivatives of {@code image}, largest first, each scaled from the next larger one (never upscaled): a JPEG
     * per configured width the image reaches, and a WebP of the largest (when configured and a WebP encoder works:
     * {@code webpWorks} says whether one does).
     */
    List<Scaled> scaled(BufferedImage image, ObjectKey original, boolean webpWorks) {
        List<Scaled> scaled = new ArrayList<>();
        BufferedImage source = bgr(image);
        for (int width : widths) {
            if (width > source.getWidth()) {
                continue;
            }
            source = scale(source, width);
            scaled.add(new Scaled("w" + width, original.withVariant("w" + width, tag, "jpg"), "image/jpeg", source));
        }
        if (webp && !scaled.isEmpty() && webpWorks) {
            Scaled largest = scaled.getFirst();
            scaled.add(new Scaled(largest.variant() + "-webp", original.withVariant(largest.variant(), tag, "webp"),
                    "image/webp", largest.image()));
        }
        return scaled;
    }

    /** Whether WebP derivatives are configured. */
    boolean webp() {
        return webp;
    }

    double jpegQuality() {
        return jpegQuality;
    }

    /** Writes every derivative of {@code image} beside {@code original} (encoded in Java) and describes them. */
    List<DerivativeRow> make(BufferedImage image, ObjectKey original, ObjectStore store) {
        List<DerivativeRow> rows = new ArrayList<>();
        for (Scaled scaled : scaled(image, original, webp && webpWorks())) {
            byte[] bytes = scaled.contentType().equals("image/webp") ? webp(scaled.image()) : jpeg(scaled.image());
            if (bytes != null) {
                rows.add(put(store, scaled.key(), scaled.variant(), scaled.contentType(), scaled.image(), bytes));
            }
        }
        return rows;
    }

    private DerivativeRow put(ObjectStore store, ObjectKey key, String variant, String type, BufferedImage image,
                              byte[] bytes) {
        try {
            Files.createDirectories(tempDir);
            Path file = Files.createTempFile(tempDir, "derivative-", ".part");
            try {
                Files.write(file, bytes);
                store.put(key, file, type);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write derivative " + key + ": " + e.getMessage(), e);
        }
        return new DerivativeRow(variant, key.value(), store.publicUrl(key).toString(), type, image.getWidth(),
                image.getHeight(), bytes.length);
    }

    /**
     * Scales down to {@code width} (keeping the aspect ratio): 2×2 box averages while more than twice too large,
     * then one bilinear step (pixel centres aligned, so an exact halving averages 2×2 too). Works on 3-byte BGR
     * arrays directly: no Java2D loop, no colour conversion.
     */
    static BufferedImage scale(BufferedImage source, int width) {
        BufferedImage current = bgr(source);
        while (current.getWidth() > width * 2) {
            current = halve(current);
        }
        return current.getWidth() == width ? current : bilinear(current, width, heightFor(current, width));
    }

    private static int heightFor(BufferedImage source, int width) {
        return Math.max(1, (int) Math.round((double) source.getHeight() * width / source.getWidth()));
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    private static BufferedImage halve(BufferedImage source) {
        int sw = source.getWidth();
        int sh = source.getHeight();
        int width = sw / 2;
        int height = heightFor(source, width);
        if (height * 2 > sh) {
            return bilinear(source, width, height);
        }
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] in = pixels(source);
        byte[] out = pixels(target);
        int stride = sw * 3;
        int o = 0;
        for (int y = 0; y < height; y++) {
            int r0 = 2 * y * stride;
            int r1 = r0 + stride;
            for (int x = 0; x < width * 3; x += 3) {
                int i = 2 * x;
                out[o++] = (byte) (((in[r0 + i] & 255) + (in[r0 + i + 3] & 255) + (in[r1 + i] & 255)
                        + (in[r1 + i + 3] & 255) + 2) >> 2);
                out[o++] = (byte) (((in[r0 + i + 1] & 255) + (in[r0 + i + 4] & 255) + (in[r1 + i + 1] & 255)
                        + (in[r1 + i + 4] & 255) + 2) >> 2);
                out[o++] = (byte) (((in[r0 + i + 2] & 255) + (in[r0 + i + 5] & 255) + (in[r1 + i + 2] & 255)
                        + (in[r1 + i + 5] & 255) + 2) >> 2);
            }
        }
        return target;
    }

    /**
     * Bilinear resampling with 8-bit fixed-point weights, done in two passes: each source row is interpolated
     * horizontally once (kept at 16.8 fixed point), then every output row blends its two rows vertically. The
     * arithmetic is that of the one-pass formula, so the pixels are the same; the work per output pixel halves.
     */
    private static BufferedImage bilinear(BufferedImage source, int width, int height) {
        int sw = source.getWidth();
        int sh = source.getHeight();
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] in = pixels(source);
        byte[] out = pixels(target);
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        int[] fx = new int[width];
        double xs = (double) sw / width;
        for (int x = 0; x < width; x++) {
            double sx = Math.max(0, (x + 0.5) * xs - 0.5);
            int left = Math.min((int) sx, sw - 1);
            x0[x] = left * 3;
            x1[x] = Math.min(left + 1, sw - 1) * 3;
            fx[x] = (int) Math.round((sx - left) * 256);
        }
        int[] upper = new int[width * 3];
        int[] lower = new int[width * 3];
        int upperRow = -1;
        int lowerRow = -1;
        double ys = (double) sh / height;
        int o = 0;
        for (int y = 0; y < height; y++) {
            double sy = Math.max(0, (y + 0.5) * ys - 0.5);
            int top = Math.min((int) sy, sh - 1);
            int bottom = Math.min(top + 1, sh - 1);
            if (top != upperRow) {
                if (top == lowerRow) {
                    int[] swap = upper;
                    upper = lower;
                    lower = swap;
                    upperRow = lowerRow;
                    lowerRow = -1;
                } else {
                    interpolateRow(in, top * sw * 3, x0, x1, fx, upper);
                    upperRow = top;
                }
            }
            if (bottom != lowerRow) {
                interpolateRow(in, bottom * sw * 3, x0, x1, fx, lower);
                lowerRow = bottom;
            }
            int wy = (int) Math.round((sy - top) * 256);
            int vy = 256 - wy;
            for (int i = 0; i < upper.length; i++) {
                out[o++] = (byte) ((upper[i] * vy + lower[i] * wy + 32768) >> 16);
            }
        }
        return target;
    }

    /** One source row interpolated horizontally to the target's columns, each value × 256. */
    private static void interpolateRow(byte[] in, int row, int[] x0, int[] x1, int[] fx, int[] into) {
        int o = 0;
        for (int x = 0; x < x0.length; x++) {
            int a = row + x0[x];
            int b = row + x1[x];
            int wx = fx[x];
            int vx = 256 - wx;
            into[o++] = (in[a] & 255) * vx + (in[b] & 255) * wx;
            into[o++] = (in[a + 1] & 255) * vx + (in[b + 1] & 255) * wx;
            into[o++] = (in[a + 2] & 255) * vx + (in[b + 2] & 255) * wx;
        }
    }

    /**
     * A plain 3-byte BGR image (the decoder's own output for JPEG), drawn onto white once otherwise (JPEG has
     * no alpha).
     */
    private static BufferedImage bgr(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && image.getRaster().getMinX() == 0
                && image.getRaster().getMinY() == 0 && image.getRaster().getParent() == null
                && image.getSampleModel() instanceof ComponentSampleModel model
                && model.getScanlineStride() == image.getWidth() * 3 && model.getPixelStride() == 3
                && ((DataBufferByte) image.getRaster().getDataBuffer()).getOffset() == 0) {
            return image;
        }
        BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = converted.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return converted;
    }

    /** One writer of each kind per derivative thread: looking one up and setting it up costs more than small images. */
    private static final ThreadLocal<ImageWriter> JPEG_WRITER = ThreadLocal.withInitial(() -> {
        ImageWriter chosen = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter candidate = it.next();
            if (chosen == null || candidate.getClass().getName().startsWith("com.sun.imageio.")) {
                chosen = candidate; // the JDK's own writer, not a delegating one
            }
        }
        return chosen;
    });
    private static final ThreadLocal<ImageWriter> WEBP_WRITER = ThreadLocal.withInitial(() -> {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType("image/webp");
        return writers.hasNext() ? writers.next() : null;
    });

    private byte[] jpeg(BufferedImage image) {
        ImageWriter writer = JPEG_WRITER.get();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
        // the JPEG encoder takes 3-byte BGR rasters as they are
        return write(writer, param, bgr(image));
    }

    private static byte[] webp(BufferedImage image) {
        ImageWriter writer = WEBP_WRITER.get();
        if (writer == null) {
            return null;
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(param.getCompressionTypes()[0]);
        param.setCompressionQuality(WEBP_QUALITY);
        if (param instanceof com.luciad.imageio.webp.WebPWriteParam webpParam) {
            webpParam.setMethod(WEBP_METHOD);
        }
        return write(writer, param, image);
    }

    private static byte[] write(ImageWriter writer, ImageWriteParam param, BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        // in memory: ImageIO.createImageOutputStream would go through a temporary cache file
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a derivative: " + e.getMessage(), e);
        } finally {
            writer.reset(); // the writer is kept for this thread's next image; it lets go of this output
        }
        return out.toByteArray();
    }

    /** Tries the WebP writer once per process: its native library may not load on every platform. */
    static boolean webpWorks() {
        Boolean works = webpWorks;
        if (works == null) {
            try {
                works = webp(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)) != null;
            } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no native library here
                works = false;
                LOG.warn("WebP derivatives are skipped: the WebP writer does not work on this machine ({})",
                        e.toString());
            }
            if (!works) {
                LOG.warn("WebP derivatives are skipped: no WebP writer is available");
            }
            webpWorks = works;
        }
        return works;
    }
}
