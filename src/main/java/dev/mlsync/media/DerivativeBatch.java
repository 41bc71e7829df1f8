package dev.mlsync.media;

import dev.mlsync.store.DerivativeRow;
import dev.mlsync.store.DerivativeWork;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The derivatives of several originals, made with vips in three invocations whatever the batch size: one decodes
 * every original (libjpeg-turbo, several times faster than the JDK's decoder) to a raw PPM at its full size, one
 * encodes every JPEG, one every WebP. Each original is decoded exactly once: Java reads its raw pixels back and
 * scales every width from that raster (each from the next larger, never upscaled), and the WebP is encoded from
 * the largest width's pixels. Only one photo's pixels are in the heap at a time; the others wait in files.
 * An original that vips could not decode, or any of whose outputs it did not write, is handed back for the Java
 * path (which decides whether it is corrupt).
 */
final class DerivativeBatch implements AutoCloseable {
    /** What is kept of a derivative until vips has encoded it: not its pixels, which are in the PPM file. */
    private record Variant(String variant, ObjectKey key, String contentType, int width, int height, Path ppm,
                           double quality) {
    }

    /** An original copied into the batch folder, waiting for vips to decode it. */
    private record Original(DerivativeWork work, ObjectKey key, Path file, Derivatives derivatives) {
    }

    private final VipsEncoder vips;
    private final Path dir;
    private final List<Original> originals = new ArrayList<>();
    private final Map<DerivativeWork, List<Variant>> planned = new LinkedHashMap<>();
    private final List<DerivativeWork> leftOver = new ArrayList<>();

    DerivativeBatch(VipsEncoder vips, Path tempDir) {
        this.vips = vips;
        try {
            this.dir = Files.createTempDirectory(Files.createDirectories(tempDir), "derivatives-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + tempDir + ": " + e.getMessage(), e);
        }
    }

    /** Copies the stored original into the batch (it is decoded by {@link #finish}), to make {@code derivatives}. */
    void add(DerivativeWork work, InputStream original, ObjectKey key, Derivatives derivatives) {
        Path file = dir.resolve(originals.size() + ".original");
        try (original) {
            Files.copy(original, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored original " + key + ": " + e.getMessage(), e);
        }
        originals.add(new Original(work, key, file, derivatives));
    }

    /** Decodes every original with vips, then scales each one's pixels and writes its derivatives' pixels. */
    private void decodeAndScale() {
        Set<Path> decoded = new HashSet<>(vips.decode(originals.stream().map(Original::file).toList()));
        for (Original original : originals) {
            Path ppm = VipsEncoder.sibling(original.file(), "ppm");
            Optional<BufferedImage> image = Optional.empty();
            try {
                if (decoded.contains(ppm)) {
                    image = VipsEncoder.readPpm(ppm);
                }
                Files.deleteIfExists(ppm);
                Files.deleteIfExists(original.file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ppm + ": " + e.getMessage(), e);
            }
            if (image.isEmpty()) {
                leftOver.add(original.work());
            } else {
                plan(original, image.get(), planned.size());
            }
        }
    }

    /** Scales the decoded original and writes its derivatives' pixels for vips. */
    private void plan(Original original, BufferedImage image, int number) {
        Derivatives derivatives = original.derivatives();
        List<Variant> variants = new ArrayList<>();
        Path largest = null;
        for (Derivatives.Scaled scaled : derivatives.scaled(image, original.key(), derivatives.webp())) {
            Path ppm = largest != null && scaled.contentType().equals("image/webp") ? largest
                    : dir.resolve(number + "-" + scaled.variant() + ".ppm");
            if (ppm != largest) {
                try {
                    VipsEncoder.writePpm(scaled.image(), ppm);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + ppm + ": " + e.getMessage(), e);
                }
            }
            largest = largest == null ? ppm : largest;
            variants.add(new Variant(scaled.variant(), scaled.key(), scaled.contentType(), scaled.image().getWidth(),
                    scaled.image().getHeight(), ppm, derivatives.jpegQuality()));
        }
        planned.put(original.work(), variants);
    }

    /**
     * Encodes and stores every derivative vips wrote.
     *
     * @return the rows of each original whose derivatives are all stored, in the order they were added (an
     *         original vips decoded into no derivative at all, being narrower than every width, has none)
     */
    Map<DerivativeWork, List<DerivativeRow>> finish(ObjectStore store) {
        decodeAndScale();
        Map<Double, List<Path>> jpegs = new java.util.TreeMap<>(); // one invocation per JPEG quality in the batch
        List<Path> webps = new ArrayList<>();
        planned.values().forEach(variants -> variants.forEach(variant -> {
            if (variant.contentType().equals("image/webp")) {
                webps.add(variant.ppm());
            } else {
                jpegs.computeIfAbsent(variant.quality(), quality -> new ArrayList<>()).add(variant.ppm());
            }
        }));
        Set<Path> written = new HashSet<>();
        jpegs.forEach((quality, ppms) -> written.addAll(vips.encode(ppms, VipsEncoder.jpeg(quality))));
        written.addAll(vips.encode(webps, VipsEncoder.webp(Derivatives.WEBP_QUALITY, Derivatives.WEBP_METHOD)));
        Map<DerivativeWork, List<DerivativeRow>> done = new LinkedHashMap<>();
        planned.forEach((work, variants) -> {
            List<Path> outputs = variants.stream().map(DerivativeBatch::output).toList();
            if (!written.containsAll(outputs)) {
                leftOver.add(work);
                return;
            }
            List<DerivativeRow> rows = new ArrayList<>();
            for (Variant variant : variants) {
                rows.add(put(store, variant, output(variant)));
            }
            done.put(work, rows);
        });
        return done;
    }

    /** Originals to make in Java: vips did not decode them or did not write all of their derivatives. */
    List<DerivativeWork> leftOver() {
        return leftOver;
    }

    private static Path output(Variant variant) {
        String name = variant.ppm().getFileName().toString();
        String extension = variant.contentType().equals("image/webp") ? ".webp" : ".jpg";
        return variant.ppm().resolveSibling(name.substring(0, name.length() - ".ppm".length()) + extension);
    }

    private static DerivativeRow put(ObjectStore store, Variant variant, Path file) {
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        store.put(variant.key(), file, variant.contentType());
        return new DerivativeRow(variant.variant(), variant.key().value(), store.publicUrl(variant.key()).toString(),
                variant.contentType(), variant.width(), variant.height(), bytes);
    }

    @Override
    public void close() {
        VipsEncoder.deleteTree(dir);
    }
}
