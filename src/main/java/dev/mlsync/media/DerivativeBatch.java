package dev.mlsync.media;

import dev.mlsync.store.DerivativeRow;
import dev.mlsync.store.DerivativeWork;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The derivatives of several originals, encoded by vips in one invocation per format. Each original is scaled
 * in Java when it is {@link #add added} and its pixels go straight to PPM files, so the heap holds one photo at
 * a time whatever the batch size; {@link #finish} encodes every JPEG in one call and every WebP in another, then
 * stores them. An original any of whose outputs vips did not write is handed back for the Java path.
 */
final class DerivativeBatch implements AutoCloseable {
    /** What is kept of a derivative until vips has encoded it: not its pixels, which are in the PPM file. */
    private record Variant(String variant, ObjectKey key, String contentType, int width, int height, Path ppm) {
    }

    private final Derivatives derivatives;
    private final VipsEncoder vips;
    private final Path dir;
    private final Map<DerivativeWork, List<Variant>> planned = new LinkedHashMap<>();
    private final List<DerivativeWork> leftOver = new ArrayList<>();

    DerivativeBatch(Derivatives derivatives, VipsEncoder vips, Path tempDir) {
        this.derivatives = derivatives;
        this.vips = vips;
        try {
            this.dir = Files.createTempDirectory(Files.createDirectories(tempDir), "derivatives-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder in " + tempDir + ": " + e.getMessage(), e);
        }
    }

    /** Scales the decoded original and writes its derivatives' pixels for vips. */
    void add(DerivativeWork work, BufferedImage image, ObjectKey original) {
        int number = planned.size();
        List<Variant> variants = new ArrayList<>();
        Path largest = null;
        for (Derivatives.Scaled scaled : derivatives.scaled(image, original, derivatives.webp())) {
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
                    scaled.image().getHeight(), ppm));
        }
        planned.put(work, variants);
    }

    /**
     * Encodes and stores every derivative vips wrote.
     *
     * @return the rows of each original whose derivatives are all stored, in the order they were added
     */
    Map<DerivativeWork, List<DerivativeRow>> finish(ObjectStore store) {
        List<Path> jpegs = new ArrayList<>();
        List<Path> webps = new ArrayList<>();
        planned.values().forEach(variants -> variants.forEach(variant ->
                (variant.contentType().equals("image/webp") ? webps : jpegs).add(variant.ppm())));
        Set<Path> written = new HashSet<>(vips.encode(jpegs, VipsEncoder.jpeg(derivatives.jpegQuality())));
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

    /** Originals to make in Java: vips did not write all of their derivatives. */
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
