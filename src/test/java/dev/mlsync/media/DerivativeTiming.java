package dev.mlsync.media;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * Not a test: a timing harness for the derivative stage on one simulator large photo (2048×1536).
 * Run with {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.mlsync.media.DerivativeTiming [N]}.
 */
public final class DerivativeTiming {
    /** The vips path ({@code -Dvips}): batches of {@link DerivativePool#BATCH}, CPU of this thread and of vips. */
    private static void vips(byte[] jpeg, int n) throws Exception {
        Path dir = Files.createTempDirectory("timing");
        ObjectStore store = new FilesystemObjectStore(dir, java.net.URI.create("http://x/"));
        Derivatives d = new Derivatives(List.of(320, 800, 1600), true, 0.82, dir.resolve("tmp"));
        VipsEncoder vips = VipsEncoder.find(dir.resolve("tmp"), true).orElseThrow();
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long child0 = children();
            for (int done = 0; done < n; done += DerivativePool.BATCH) {
                try (DerivativeBatch batch = new DerivativeBatch(vips, dir.resolve("tmp"))) {
                    for (int i = 0; i < DerivativePool.BATCH; i++) {
                        var work = new dev.mlsync.store.DerivativeWork("f", "m" + i, "f/l/" + i + "-m.jpg", "image/jpeg");
                        batch.add(work, new ByteArrayInputStream(jpeg), new ObjectKey(work.objectKey()), d);
                    }
                    if (batch.finish(store).size() != DerivativePool.BATCH) throw new IllegalStateException("not all made");
                }
            }
            int photos = ((n + DerivativePool.BATCH - 1) / DerivativePool.BATCH) * DerivativePool.BATCH;
            long java = mx.getCurrentThreadCpuTime() - cpu0;
            long child = children() - child0;
            System.out.printf("round %d: java %.1f + vips %.1f = %.1f ms CPU per photo%n", round, java / 1e6 / photos,
                    child / 1e6 / photos, (java + child) / 1e6 / photos);
        }
    }

    private static long children() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10_000_000L;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Class<?> renderer = Class.forName("dev.mlsync.sim.JpegRenderer");
        var ctor = renderer.getDeclaredConstructor(boolean.class);
        ctor.setAccessible(true);
        Object r = ctor.newInstance(true);
        Class<?> photo = Class.forName("dev.mlsync.sim.JpegRenderer$Photo");
        var pc = photo.getDeclaredConstructor(String.class, boolean.class);
        pc.setAccessible(true);
        var render = renderer.getDeclaredMethod("render", photo);
        render.setAccessible(true);
        byte[] jpeg = (byte[]) render.invoke(r, pc.newInstance("timing-key", false));
        System.out.println("original bytes " + jpeg.length);
        if (System.getProperty("dump") != null) { Files.write(Path.of(System.getProperty("dump")), jpeg); return; }
        if (System.getProperty("vips") != null) { vips(jpeg, n); return; }
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext(); ) {
            System.out.println("reader " + it.next().getClass().getName());
        }
        Path dir = Files.createTempDirectory("timing");
        ObjectStore store = new FilesystemObjectStore(dir, java.net.URI.create("http://x/"));
        Derivatives d = new Derivatives(List.of(320, 800, 1600), true, 0.85, dir.resolve("tmp"));
        ObjectKey key = new ObjectKey("f/l/1-m.jpg");
        for (int round = 0; round < 2; round++) {
            long dec = 0, make = 0;
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                BufferedImage image = Derivatives.decode(new ByteArrayInputStream(jpeg), "k");
                long t1 = System.nanoTime();
                d.make(image, key, store);
                long t2 = System.nanoTime();
                dec += t1 - t0;
                make += t2 - t1;
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            System.out.printf("round %d: cpu %.1f ms/photo -> %.2f photos per cpu-second%n", round, cpu / 1e6 / n, 1e9 * n / cpu);
            System.out.printf("round %d: decode %.1f ms, make %.1f ms, total %.1f ms/photo -> %.2f photos/s/core%n",
                    round, dec / 1e6 / n, make / 1e6 / n, (dec + make) / 1e6 / n, 1e9 * n / (dec + make));
        }
        // stage by stage
        java.lang.reflect.Method rgb;
        try { rgb = Derivatives.class.getDeclaredMethod("rgb", BufferedImage.class); }
        catch (NoSuchMethodException e) { rgb = Derivatives.class.getDeclaredMethod("bgr", BufferedImage.class); } rgb.setAccessible(true);
        var jp = Derivatives.class.getDeclaredMethod("jpeg", BufferedImage.class); jp.setAccessible(true);
        var wp = Derivatives.class.getDeclaredMethod("webp", BufferedImage.class); wp.setAccessible(true);
        long[] t = new long[9];
        var mxb = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n; i++) {
            long a = mxb.getCurrentThreadCpuTime();
            BufferedImage image = Derivatives.decode(new ByteArrayInputStream(jpeg), "k");
            long b = mxb.getCurrentThreadCpuTime(); t[0] += b - a;
            BufferedImage src = (BufferedImage) rgb.invoke(null, image);
            long c = mxb.getCurrentThreadCpuTime(); t[1] += c - b;
            int k = 2;
            BufferedImage largest = null;
            for (int w : List.of(1600, 800, 320)) {
                long s0 = mxb.getCurrentThreadCpuTime();
                BufferedImage sc = Derivatives.scale(src, w);
                long s1 = mxb.getCurrentThreadCpuTime();
                jp.invoke(d, sc);
                long s2 = mxb.getCurrentThreadCpuTime();
                t[k++] += s1 - s0; t[k++] += s2 - s1;
                if (largest == null) largest = sc;
                src = sc;
            }
            long w0 = mxb.getCurrentThreadCpuTime();
            wp.invoke(null, largest);
            t[8] += mxb.getCurrentThreadCpuTime() - w0;
        }
        String[] names0 = {"decode", "toRGB", "scale1600", "jpeg1600", "scale800", "jpeg800", "scale320", "jpeg320", "webp1600"};
        for (int i = 0; i < 9; i++) System.out.printf("%-10s %.1f ms%n", names0[i], t[i] / 1e6 / n);
    }
}
