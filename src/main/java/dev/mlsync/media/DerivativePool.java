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

/**
 * The CPU-bound stage: makes derivatives on a pool of its own sized to the cores, apart from the
 * download workers, so originals are stored as fast as the quota allows and derivatives catch up.
 * The queue holds only keys (an original is read back from the object store when its turn comes), so a
 * long backlog costs no heap. What is queued here is not durable: an original whose derivatives are not
 * recorded ({@code derivatives_at} null) is queued again by the media sweep, in any process.
 */
public final class DerivativePool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DerivativePool.class);

    private final ExecutorService cpu;
    private final Derivatives derivatives;
    private final MediaStore store;
    private final ObjectStore objects;
    private final Clock clock;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong made = new AtomicLong();

    DerivativePool(int threads, Derivatives derivatives, MediaStore store, ObjectStore objects, Clock clock) {
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

    /** Queues the original's derivatives unless they are already queued in this process. */
    void submit(DerivativeWork work) {
        if (derivatives.none() || !queued.add(work.feedId() + "/" + work.mediaKey())) {
            return;
        }
        inFlight.incrementAndGet();
        cpu.execute(() -> {
            try {
                make(work);
            } finally {
                queued.remove(work.feedId() + "/" + work.mediaKey());
                inFlight.decrementAndGet();
            }
        });
    }

    private void make(DerivativeWork work) {
        ObjectKey key = new ObjectKey(work.objectKey());
        try {
            BufferedImage image = Derivatives.decode(objects.open(key).orElseThrow(() ->
                    MediaFetchException.rejected("the stored original " + key + " is missing from "
                            + objects.describe())), key.value());
            List<DerivativeRow> rows = derivatives.make(image, key, objects);
            if (store.saveDerivatives(work, rows, clock.instant())) {
                made.incrementAndGet();
            }
        } catch (MediaFetchException e) {
            LOG.warn("feed {}, photo {}: {}; marked failed", work.feedId(), work.mediaKey(), e.getMessage());
            store.markCorrupt(work, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("feed {}, photo {}: derivatives not made ({}); the media sweep queues them again",
                    work.feedId(), work.mediaKey(), e.toString());
        }
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
