package dev.mlsync.media;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DerivativesTest {
    private static BufferedImage halves(int width, int height, int left, int right, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? left : right);
            }
        }
        return image;
    }

    private static void assertNear(int expected, int actual, String where) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int e = (expected >> shift) & 255;
            int a = (actual >> shift) & 255;
            assertTrue(Math.abs(e - a) <= 2, where + ": expected " + Integer.toHexString(expected) + " got "
                    + Integer.toHexString(actual));
        }
    }

    @Test
    void scalingKeepsTheAspectRatioAndTheColoursOnBothSides() {
        BufferedImage source = halves(2048, 1536, 0xFF2040E0, 0xFFE08020, BufferedImage.TYPE_INT_RGB);
        for (int width : new int[] {1600, 800, 320, 1000}) {
            BufferedImage scaled = Derivatives.scale(source, width);
            assertEquals(width, scaled.getWidth());
            assertEquals(Math.round(1536.0 * width / 2048), scaled.getHeight());
            assertNear(0x2040E0, scaled.getRGB(width / 8, scaled.getHeight() / 2), "left at " + width);
            assertNear(0xE08020, scaled.getRGB(width * 7 / 8, scaled.getHeight() - 1), "right at " + width);
        }
    }

    @Test
    void anExactHalvingAveragesEachTwoByTwoBlock() {
        BufferedImage source = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        int[] row0 = {0x000000, 0x0000FF, 0x101010, 0x303030};
        int[] row1 = {0xFF0000, 0x00FF00, 0x202020, 0x404040};
        source.setRGB(0, 0, 4, 1, row0, 0, 4);
        source.setRGB(0, 1, 4, 1, row1, 0, 4);
        BufferedImage half = Derivatives.scale(source, 2);
        assertNear(0x404040, half.getRGB(0, 0), "first block");
        assertNear(0x282828, half.getRGB(1, 0), "second block");
    }

    @Test
    void transparencyBecomesWhite() {
        BufferedImage source = halves(400, 300, 0x00000000, 0xFF000000, BufferedImage.TYPE_INT_ARGB);
        BufferedImage scaled = Derivatives.scale(source, 200);
        assertNear(0xFFFFFF, scaled.getRGB(10, 10), "transparent side");
        assertNear(0x000000, scaled.getRGB(190, 10), "opaque side");
    }

    @Test
    void decodesJpegAndGreyPngAndRejectsGarbage() throws IOException {
        BufferedImage colour = halves(64, 48, 0xFF2040E0, 0xFFE08020, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(colour, "jpg", jpeg);
        BufferedImage decoded = Derivatives.decode(new ByteArrayInputStream(jpeg.toByteArray()), "a.jpg");
        assertEquals(64, decoded.getWidth());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, decoded.getType());
        assertNear(0x2040E0, decoded.getRGB(4, 24), "decoded jpeg");

        BufferedImage grey = new BufferedImage(32, 16, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 3, 0, 200);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(grey, "png", png);
        BufferedImage scaled = Derivatives.scale(Derivatives.decode(new ByteArrayInputStream(png.toByteArray()),
                "b.png"), 32);
        assertEquals(16, scaled.getHeight());
        assertNear(0xC8C8C8, scaled.getRGB(3, 3), "grey pixel");

        MediaFetchException e = assertThrows(MediaFetchException.class, () -> Derivatives.decode(
                new ByteArrayInputStream("<html>nope</html>".getBytes()), "c.jpg"));
        assertTrue(e.getMessage().contains("c.jpg") || e.getMessage().contains("decode"), e.getMessage());
    }
}
