package dev.mlsync.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Encodes already-scaled derivatives with libvips' {@code vipsthumbnail} (Debian/Ubuntu: {@code apt-get install
 * libvips-tools}) when it is installed: libjpeg-turbo encodes a 1600 px JPEG in a fraction of the JDK encoder's
 * time. Scaling stays in Java (same pixels as the Java path); each image goes to vips as a PPM file, and one
 * invocation encodes a whole batch, so the process start (tens of milliseconds) is paid once per batch.
 * Settings match the Java path: the same JPEG quality (IJG tables, 4:2:0), WebP quality 80 at libwebp's fastest
 * method, no metadata, never resized ({@code -s …>} only shrinks, and the input already has its final size).
 * Anything vips did not write is left to the caller's Java path.
 */
final class VipsEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(VipsEncoder.class);
    private static final String TOOL = "vipsthumbnail";
    /** Environment variable: {@code off} keeps derivatives in Java; a path names the vipsthumbnail to run. */
    static final String SETTING = "MLSYNC_VIPS";
    /** Shrink-only to a box no photo reaches: encode at the input's own size. */
    private static final String NO_RESIZE = "1000000x1000000>";
    private static final long TIMEOUT_SECONDS_PER_FILE = 10;
    /** The output format of {@link #decode}: raw 8-bit RGB with a text header, which Java reads without a codec. */
    private static final String DECODED = "ppm";

    private final Path executable;
    private final Path home;

    private VipsEncoder(Path executable, Path home) {
        this.executable = executable;
        this.home = home;
    }

    /**
     * The encoder when {@code vipsthumbnail} is on the PATH and encodes a test image to JPEG (and WebP when asked),
     * else empty (said once in the log).
     */
    static Optional<VipsEncoder> find(Path tempDir, boolean webp) {
        String setting = System.getenv(SETTING);
        if ("off".equalsIgnoreCase(setting)) {
            LOG.info("derivatives are encoded in Java ({}=off)", SETTING);
            return Optional.empty();
        }
        Optional<Path> tool = setting == null || setting.isBlank() ? onPath(System.getenv("PATH"))
                : Optional.of(Path.of(setting)).filter(Files::isExecutable);
        if (tool.isEmpty()) {
            LOG.info("derivatives are encoded in Java; installing libvips-tools ({}) makes them several times "
                    + "faster", TOOL);
            return Optional.empty();
        }
        try {
            Path dir = Files.createDirectories(tempDir).resolve("vips-home");
            VipsEncoder encoder = new VipsEncoder(tool.get(), Files.createDirectories(dir));
            if (encoder.works(tempDir, webp)) {
                LOG.info("derivatives are encoded by {}", tool.get());
                return Optional.of(encoder);
            }
        } catch (IOException e) {
            LOG.warn("{} is not used: {}", TOOL, e.getMessage());
        }
        return Optional.empty();
    }

    static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, TOOL);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean works(Path tempDir, boolean webp) throws IOException {
        Path dir = Files.createTempDirectory(tempDir, "vips-check-");
        try {
            Path ppm = dir.resolve("check.ppm");
            writePpm(new BufferedImage(16, 12, BufferedImage.TYPE_3BYTE_BGR), ppm);
            boolean jpeg = !encode(List.of(ppm), "jpg[Q=85,strip]").isEmpty();
            boolean webpOk = !webp || !encode(List.of(ppm), "webp[Q=80,effort=0,strip]").isEmpty();
            Files.delete(ppm);
            boolean decodes = jpeg && !decode(List.of(dir.resolve("check.jpg"))).isEmpty()
                    && readPpm(ppm).filter(image -> image.getWidth() == 16 && image.getHeight() == 12).isPresent();
            if (!jpeg || !webpOk || !decodes) {
                LOG.warn("{} is installed but does not {}; derivatives are made in Java", executable,
                        !jpeg ? "encode JPEG" : !webpOk ? "encode WebP" : "decode JPEG to PPM");
            }
            return jpeg && webpOk && decodes;
        } finally {
            deleteTree(dir);
        }
    }

    /** The options string of a JPEG at {@code quality} (0–1). */
    static String jpeg(double quality) {
        return String.format(Locale.ROOT, "jpg[Q=%d,strip]", Math.round(quality * 100));
    }

    /** The options string of a WebP at {@code quality} (0–1) and libwebp {@code method} (0 = fastest). */
    static String webp(double quality, int method) {
        return String.format(Locale.ROOT, "webp[Q=%d,effort=%d,strip]", Math.round(quality * 100), method);
    }

    /**
     * Encodes every PPM to {@code format} (e.g. {@code jpg[Q=85,strip]}) beside it, named like it with the
     * format's extension, in one invocation.
     *
     * @return the outputs vips wrote, in input order (an input it could not encode has none)
     */
    List<Path> encode(List<Path> ppms, String format) {
        if (ppms.isEmpty()) {
            return List.of();
        }
        String extension = format.contains("[") ? format.substring(0, format.indexOf('[')) : format;
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--no-rotate", "-s", NO_RESIZE,
                "-o", "%s." + format));
        ppms.forEach(ppm -> command.add(ppm.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(false);
        builder.environment().put("VIPS_CONCURRENCY", "1"); // the pool runs one batch per core already
        builder.environment().put("VIPSHOME", home.toString()); // skips loading optional modules (ImageMagick, …)
        Path errors = home.resolve("stderr-" + Thread.currentThread().threadId() + ".txt");
        builder.redirectError(errors.toFile());
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS_PER_FILE * ppms.size(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("{} took longer than {} s for {} images; they are encoded in Java", TOOL,
                        TIMEOUT_SECONDS_PER_FILE * ppms.size(), ppms.size());
                return List.of();
            }
            if (process.exitValue() != 0) {
                LOG.warn("{} failed on some of {} images (exit {}): {}; those are encoded in Java", TOOL,
                        ppms.size(), process.exitValue(), excerpt(errors));
            }
        } catch (IOException e) {
            LOG.warn("{} did not run ({}); derivatives are encoded in Java", TOOL, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<Path> written = new ArrayList<>();
        for (Path ppm : ppms) {
            Path out = sibling(ppm, extension);
            if (Files.isRegularFile(out)) {
                written.add(out);
            }
        }
        return written;
    }

    /** Where vips writes the output of {@code input} with {@code extension}: beside it, named like it. */
    static Path sibling(Path input, String extension) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return input.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + "." + extension);
    }

    private static String excerpt(Path errors) {
        try {
            String text = Files.readString(errors, StandardCharsets.UTF_8).strip();
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        } catch (IOException e) {
            return "(no error output)";
        }
    }

    /**
     * Decodes every original (any format vips reads, whatever its file name) to a PPM beside it, at its own size:
     * the one full decode of each original, in one invocation.
     *
     * @return the PPMs vips wrote, in input order (an original it could not decode has none)
     */
    List<Path> decode(List<Path> originals) {
        return encode(originals, DECODED);
    }

    /**
     * Reads a binary PPM as vips writes it ({@code P6}, optional {@code #} comment lines, 8-bit) into a 3-byte BGR
     * image; empty for anything else (grey, 16-bit), which the caller decodes in Java instead.
     */
    static Optional<BufferedImage> readPpm(Path file) throws IOException {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            if (!"P6".equals(token(in))) {
                return Optional.empty();
            }
            int width = Integer.parseInt(token(in));
            int height = Integer.parseInt(token(in));
            if (!"255".equals(token(in)) || width < 1 || height < 1) {
                return Optional.empty();
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            if (in.readNBytes(pixels, 0, pixels.length) != pixels.length) {
                return Optional.empty();
            }
            for (int i = 0; i < pixels.length; i += 3) { // RGB in the file, BGR in the image
                byte red = pixels[i];
                pixels[i] = pixels[i + 2];
                pixels[i + 2] = red;
            }
            return Optional.of(image);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The next header token of a PPM (skipping white space and comment lines); it consumes one white space after. */
    private static String token(java.io.InputStream in) throws IOException {
        StringBuilder token = new StringBuilder();
        for (int c = in.read(); c != -1 && token.length() < 20; c = in.read()) {
            if (c == '#' && token.isEmpty()) {
                while (c != -1 && c != '\n') {
                    c = in.read();
                }
            } else if (Character.isWhitespace(c)) {
                if (!token.isEmpty()) {
                    return token.toString();
                }
            } else {
                token.append((char) c);
            }
        }
        return token.toString();
    }

    /** Writes a 3-byte BGR image as a binary PPM (P6, RGB). */
    static void writePpm(BufferedImage bgr, Path file) throws IOException {
        int width = bgr.getWidth();
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        byte[] row = new byte[width * 3];
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("P6\n" + width + " " + bgr.getHeight() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
            for (int y = 0, offset = 0; y < bgr.getHeight(); y++, offset += row.length) {
                for (int x = 0; x < row.length; x += 3) {
                    row[x] = pixels[offset + x + 2];
                    row[x + 1] = pixels[offset + x + 1];
                    row[x + 2] = pixels[offset + x];
                }
                out.write(row);
            }
        }
    }

    static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.debug("temporary file {} not deleted: {}", file, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.debug("temporary folder {} not deleted: {}", dir, e.getMessage());
        }
    }
}
