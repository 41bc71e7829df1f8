package dev.mlsync.media;

import dev.mlsync.store.DerivativeRow;
import dev.mlsync.store.DerivativeWork;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** vips encodes the same derivatives as the Java path: same variants, keys, sizes, and the same picture. */
class VipsEncoderTest {
    @Test
    void vips_derivatives_should_match_the_java_ones_variant_for_variant() throws Exception {
        Path temp = Files.createTempDirectory("vips-test");
        Optional<VipsEncoder> vips = VipsEncoder.find(temp, Derivatives.webpWorks());
        assumeTrue(vips.isPresent(), "vipsthumbnail (libvips-tools) is not installed");
        Derivatives derivatives = new Derivatives(List.of(320, 800, 1600), Derivatives.webpWorks(), 0.85,
                temp.resolve("tmp"));
        byte[] jpeg = jpeg(gradient(2048, 1536));
        BufferedImage photo = Derivatives.decode(new java.io.ByteArrayInputStream(jpeg), "gradient.jpg");
        ObjectKey original = ObjectKey.ofMedia("f", "L1", 0, "M1", "jpg");
        ObjectStore javaStore = new FilesystemObjectStore(temp.resolve("java"), URI.create("https://cdn.test/"));
        ObjectStore vipsStore = new FilesystemObjectStore(temp.resolve("vips"), URI.create("https://cdn.test/"));

        List<DerivativeRow> inJava = derivatives.make(photo, original, javaStore);
        DerivativeWork work = new DerivativeWork("f", "M1", original.value(), "image/jpeg");
        Map<DerivativeWork, List<DerivativeRow>> made;
        try (DerivativeBatch batch = new DerivativeBatch(vips.get(), temp.resolve("batch"))) {
            batch.add(work, new java.io.ByteArrayInputStream(jpeg), original, derivatives); // vips decodes it
            made = batch.finish(vipsStore);
            assertThat(batch.leftOver()).isEmpty();
        }
        List<DerivativeRow> inVips = made.get(work);
        assertThat(inVips).extracting(DerivativeRow::variant, DerivativeRow::objectKey, DerivativeRow::contentType,
                DerivativeRow::width, DerivativeRow::height).containsExactlyElementsOf(inJava.stream().map(row ->
                org.assertj.core.groups.Tuple.tuple(row.variant(), row.objectKey(), row.contentType(), row.width(),
                        row.height())).toList());
        for (int i = 0; i < inJava.size(); i++) {
            DerivativeRow java = inJava.get(i);
            DerivativeRow viaVips = inVips.get(i);
            // same encoder settings: sizes within a third of each other, and the same picture
            assertThat((double) viaVips.bytes()).as(java.variant()).isBetween(java.bytes() * 0.66, java.bytes() * 1.5);
            BufferedImage a = read(javaStore, java.objectKey());
            BufferedImage b = read(vipsStore, viaVips.objectKey());
            assertThat(a.getWidth()).isEqualTo(b.getWidth());
            for (int y = 5; y < a.getHeight(); y += a.getHeight() / 7) {
                for (int x = 5; x < a.getWidth(); x += a.getWidth() / 7) {
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int ca = (a.getRGB(x, y) >> shift) & 255;
                        int cb = (b.getRGB(x, y) >> shift) & 255;
                        assertThat(Math.abs(ca - cb)).as("%s at %d,%d", java.variant(), x, y).isLessThanOrEqualTo(12);
                    }
                }
            }
        }
    }

    @Test
    void an_original_vips_cannot_decode_should_be_left_to_the_java_path() throws Exception {
        Path temp = Files.createTempDirectory("vips-test");
        Optional<VipsEncoder> vips = VipsEncoder.find(temp, false);
        assumeTrue(vips.isPresent(), "vipsthumbnail (libvips-tools) is not installed");
        Derivatives derivatives = new Derivatives(List.of(320), false, 0.85, temp.resolve("tmp"));
        ObjectStore store = new FilesystemObjectStore(temp.resolve("out"), URI.create("https://cdn.test/"));
        DerivativeWork garbage = new DerivativeWork("f", "M1", "f/L1/0-M1.jpg", "image/jpeg");
        DerivativeWork good = new DerivativeWork("f", "M2", "f/L1/1-M2.jpg", "image/jpeg");
        try (DerivativeBatch batch = new DerivativeBatch(vips.get(), temp.resolve("batch"))) {
            batch.add(garbage, new java.io.ByteArrayInputStream("<html>not a photo</html>".getBytes()),
                    new ObjectKey(garbage.objectKey()), derivatives);
            batch.add(good, new java.io.ByteArrayInputStream(jpeg(gradient(640, 480))), new ObjectKey(good.objectKey()),
                    derivatives);
            Map<DerivativeWork, List<DerivativeRow>> made = batch.finish(store);
            assertThat(batch.leftOver()).containsExactly(garbage);
            assertThat(made.get(good)).extracting(DerivativeRow::width, DerivativeRow::height)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(320, 240));
            assertThat(read(store, made.get(good).getFirst().objectKey()).getWidth()).isEqualTo(320);
        }
    }

    @Test
    void a_ppm_should_read_back_as_written() throws Exception {
        BufferedImage image = gradient(33, 17);
        Path file = Files.createTempFile("vips-test", ".ppm");
        VipsEncoder.writePpm(image, file);
        BufferedImage back = VipsEncoder.readPpm(file).orElseThrow();
        assertThat(back.getWidth()).isEqualTo(33);
        assertThat(back.getHeight()).isEqualTo(17);
        assertThat(back.getRGB(20, 9)).isEqualTo(image.getRGB(20, 9));
        Files.writeString(file, "P5\n4 4\n255\n0123456789abcdef");
        assertThat(VipsEncoder.readPpm(file)).isEmpty();
    }

    @Test
    void a_missing_vipsthumbnail_should_mean_the_java_path() throws Exception {
        Path empty = Files.createTempDirectory("no-vips");
        assertThat(VipsEncoder.onPath(empty.toString())).isEmpty();
        assertThat(VipsEncoder.onPath(null)).isEmpty();
    }

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / width;
                int g = y * 255 / height;
                int b = ((x / 64 + y / 64) % 2) * 200 + 20;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    private static byte[] jpeg(BufferedImage image) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static BufferedImage read(ObjectStore store, String key) throws Exception {
        try (InputStream in = store.open(new ObjectKey(key)).orElseThrow()) {
            if (key.endsWith(".webp")) {
                return ImageIO.read(in);
            }
            return Derivatives.decode(in, key);
        }
    }
}
