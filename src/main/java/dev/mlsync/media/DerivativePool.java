package dev.mlsync.media;

import dev.mlsync.store.DerivativeRow;
import dev.mlsync.store.DerivativeWork;
import dev.mlsync.store.MediaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The CPU-bound stage: makes derivatives on a pool of its own sized to the cores, apart from the
 * download workers, so originals are stored as fast as the quota allows and derivatives catch up.
 * The queue holds only keys (an original is read back from the object store when its turn comes), so a
 * long backlog costs no heap. What is queued here is not durable: an original whose derivatives are not
 * recorded ({@code derivatives_at} null) is queued again by the media sweep, in any process.
 *
 * <p>With vips installed ({@link VipsEncoder}), each thread takes up to {@value #BATCH} queued originals at once:
 * vips decodes the whole batch, Java scales each decoded raster to every width, and vips encodes the whole batch
 * ({@link DerivativeBatch}); otherwise each original is decoded, scaled and encoded in Java on its own.
 */
public final class DerivativePool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DerivativePool.class);
    /** Originals per vips batch: enough to spread the process start thin, few enough to keep batches flowing. */
    static final int BATCH = 8;

    private final ExecutorService cpu;
    private final Function<String, Derivatives> derivatives;
    private final MediaStore store;
    private final ObjectStore objects;
    private final Clock clock;
    private final java.util.Optional<VipsEncoder> vips;
    private final java.nio.file.Path tempDir;
    private final java.util.Queue<DerivativeWork> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong made = new AtomicLong();

    /** @param derivatives the derivatives of a feed's photos, by feed id ({@code feeds[].media} over {@code media:}) */
    DerivativePool(int threads, Function<String, Derivatives> derivatives, java.util.Optional<VipsEncoder> vips,
                   java.nio.file.Path tempDir, MediaStore store, ObjectStore objects, Clock clock) {
        this.vips = vips;
        this.tempDir = tempDir;
        AtomicInteger number = new AtomicInteger();
        this.cpu = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "mlsync-derivatives-" + number.incrementAndGet());
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY - 1);
            return thread;
        });
        this.derivatives = derivatives;
        this.store = store;
        this.objects = objects;
        this.clock = clock;
    }

    /**
     * Queues the original's derivatives unless they are already queued in this process. With no derivative
     * configured for its feed, it is recorded as having none (which drops and deletes any made before).
     */
    void submit(DerivativeWork work) {
        if (!queued.add(work.feedId() + "/" + work.mediaKey())) {
            return;
        }
        inFlight.incrementAndGet();
        waiting.add(work);
        cpu.execute(this::makeWaiting);
    }

    /** Makes the derivatives of up to a batch of waiting originals (none when other threads took them all). */
    private void makeWaiting() {
        List<DerivativeWork> batch = new java.util.ArrayList<>();
        for (DerivativeWork work; batch.size() < (vips.isPresent() ? BATCH : 1) && (work = waiting.poll()) != null; ) {
            batch.add(work);
        }
        if (batch.isEmpty()) {
            return;
        }
        long started = THREADS.getCurrentThreadCpuTime();
        try {
            List<DerivativeWork> some = new java.util.ArrayList<>();
            for (DerivativeWork work : batch) {
                if (derivatives.apply(work.feedId()).none()) {
                    save(work, List.of());
                } else {
                    some.add(work);
                }
            }
            if (vips.isPresent()) {
                makeWithVips(some, vips.get());
            } else {
                some.forEach(this::make);
            }
        } finally {
            cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - started);
            for (DerivativeWork work : batch) {
                queued.remove(work.feedId() + "/" + work.mediaKey());
                inFlight.decrementAndGet();
            }
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private void makeWithVips(List<DerivativeWork> batch, VipsEncoder encoder) {
        List<DerivativeWork> inJava = new java.util.ArrayList<>();
        if (batch.isEmpty()) {
            return;
        }
        try (DerivativeBatch pending = new DerivativeBatch(encoder, tempDir)) {
            for (DerivativeWork work : batch) {
                try {
                    pending.add(work, stored(work), new ObjectKey(work.objectKey()), derivatives.apply(work.feedId()));
                } catch (MediaFetchException e) {
                    corrupt(work, e);
                } catch (RuntimeException e) {
                    notMade(work, e);
                }
            }
            try {
                pending.finish(objects).forEach(this::save);
                inJava.addAll(pending.leftOver());
            } catch (RuntimeException e) {
                LOG.warn("derivatives of {} photos not made with vips ({}); made in Java", batch.size(), e.toString());
                inJava.addAll(batch);
            }
        }
        inJava.forEach(this::make);
    }

    private BufferedImage original(DerivativeWork work) {
        return Derivatives.decode(stored(work), work.objectKey());
    }

    private java.io.InputStream stored(DerivativeWork work) {
        ObjectKey key = new ObjectKey(work.objectKey());
        return objects.open(key).orElseThrow(() -> MediaFetchException.rejected(
                "the stored original " + key + " is missing from " + objects.describe()));
    }

    /** Records the derivatives; objects of variants its feed no longer wants are released to the sweep. */
    private void save(DerivativeWork work, List<DerivativeRow> rows) {
        if (store.saveDerivatives(work, rows, derivatives.apply(work.feedId()).spec(), clock.instant())) {
            made.incrementAndGet();
        }
    }

    private void corrupt(DerivativeWork work, MediaFetchException e) {
        LOG.warn("feed {}, photo {}: {}; marked failed", work.feedId(), work.mediaKey(), e.getMessage());
        store.markCorrupt(work, e.getMessage());
    }

    private static void notMade(DerivativeWork work, RuntimeException e) {
        LOG.warn("feed {}, photo {}: derivatives not made ({}); the media sweep queues them again",
                work.feedId(), work.mediaKey(), e.toString());
    }

    /** Makes one original's derivatives in Java. */
    private void make(DerivativeWork work) {
        try {
            save(work, derivatives.apply(work.feedId()).make(original(work), new ObjectKey(work.objectKey()), objects));
        } catch (MediaFetchException e) {
            corrupt(work, e);
        } catch (RuntimeException e) {
            notMade(work, e);
        }
    }

    /** CPU time this pool's threads spent making derivatives (not counting vips processes). */
    public long cpuNanos() {
        return cpuNanos.get();
    }

    /** Whether nothing is queued or being made. */
    public boolean idle() {
        return inFlight.get() == 0;
    }

    /** Originals whose derivatives this pool made and recorded. */
    public long made() {
        return made.get();
    }

    @Override
    public void close() {
        cpu.shutdownNow();
        try {
            cpu.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
