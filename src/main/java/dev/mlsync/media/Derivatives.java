package dev.mlsync.media;

import dev.mlsync.store.DerivativeRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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
    private static final float WEBP_QUALITY = 0.8f;
    /** libwebp's fastest method: derivatives are a CPU budget, and method 0 costs half of method 2 here. */
    private static final int WEBP_METHOD = 0;

    private final List<Integer> widths;
    private final boolean webp;
    private final float jpegQuality;
    private final Path tempDir;
    private static volatile Boolean webpWorks;

    Derivatives(List<Integer> widths, boolean webp, double jpegQuality, Path tempDir) {
        this.widths = widths.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        this.webp = webp;
        this.jpegQuality = (float) jpegQuality;
        this.tempDir = tempDir;
    }

    /** Whether this configuration makes no derivative at all. */
    boolean none() {
        return widths.isEmpty();
    }

    /** Decodes the original; a file that does not decode is a corrupt image. */
    static BufferedImage decode(InputStream original, String objectKey) {
        try (original) {
            BufferedImage image = ImageIO.read(original);
            if (image == null) {
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

    /** Writes every derivative of {@code image} beside {@code original} and describes them. */
    List<DerivativeRow> make(BufferedImage image, ObjectKey original, ObjectStore store) {
        List<DerivativeRow> rows = new ArrayList<>();
        BufferedImage source = rgb(image);
        BufferedImage largest = null;
        int largestWidth = 0;
        for (int width : widths) {
            if (width > source.getWidth()) {
                continue;
            }
            BufferedImage scaled = scale(source, width);
            if (largest == null) {
                largest = scaled;
                largestWidth = width;
            }
            rows.add(put(store, original.withVariant("w" + width, "jpg"), "w" + width, "image/jpeg", scaled,
                    jpeg(scaled)));
            source = scaled;
        }
        if (webp && largest != null && webpWorks()) {
            byte[] bytes = webp(largest);
            if (bytes != null) {
                rows.add(put(store, original.withVariant("w" + largestWidth, "webp"), "w" + largestWidth + "-webp",
                        "image/webp", largest, bytes));
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

    /** Scales down to {@code width} (keeping the aspect ratio), halving first while more than twice too large. */
    static BufferedImage scale(BufferedImage source, int width) {
        BufferedImage current = source;
        while (current.getWidth() > width * 2) {
            current = draw(current, current.getWidth() / 2);
        }
        return current.getWidth() == width ? current : draw(current, width);
    }

    private static BufferedImage draw(BufferedImage source, int width) {
        int height = Math.max(1, (int) Math.round((double) source.getHeight() * width / source.getWidth()));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /**
     * Everything is scaled as int RGB (Java2D's fast bilinear loops; scaling the decoder's 3-byte BGR directly
     * costs three times as much), drawn onto white once (JPEG has no alpha).
     */
    private static BufferedImage rgb(BufferedImage image) {
        return convert(image, BufferedImage.TYPE_INT_RGB);
    }

    private static BufferedImage convert(BufferedImage image, int type) {
        if (image.getType() == type) {
            return image;
        }
        BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
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

    private byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpegQuality);
            // the JPEG encoder takes 3-byte BGR rasters as they are; int RGB costs it twice the time
            return write(writer, param, convert(image, BufferedImage.TYPE_3BYTE_BGR));
        } finally {
            writer.dispose();
        }
    }

    private static byte[] webp(BufferedImage image) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType("image/webp");
        if (!writers.hasNext()) {
            return null;
        }
        ImageWriter writer = writers.next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(param.getCompressionTypes()[0]);
            param.setCompressionQuality(WEBP_QUALITY);
            if (param instanceof com.luciad.imageio.webp.WebPWriteParam webpParam) {
                webpParam.setMethod(WEBP_METHOD);
            }
            return write(writer, param, image);
        } finally {
            writer.dispose();
        }
    }

    private static byte[] write(ImageWriter writer, ImageWriteParam param, BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a derivative: " + e.getMessage(), e);
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
