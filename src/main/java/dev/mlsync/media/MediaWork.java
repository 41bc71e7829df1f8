package dev.mlsync.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.MediaConfig;
import dev.mlsync.config.DerivativeSettings;
import dev.mlsync.store.DerivativeRow;
import dev.mlsync.store.DerivativeWork;
import dev.mlsync.store.MediaStore;
import dev.mlsync.store.MediaWorkItem;
import dev.mlsync.store.ObjectWriteStore;
import dev.mlsync.store.StoredOriginal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The media work of one listing and the periodic sweep; the job tasks call these and hold no logic.
 *
 * <p>{@link #fetchListing} downloads the listing's pending photos one by one: each is fetched through the
 * feed's quota, checked, hashed and written to the object store, and only then marked stored (identical
 * bytes already stored are not written again: the photo shares their object; the bytes' lock makes two workers
 * holding identical bytes at once store them once). Every write is recorded before it starts
 * ({@link ObjectWriteStore}), so a process killed mid-write leaves nothing the sweep does not resolve. An expired URL renews the
 * listing's Media records from the provider once and tries the fresh URL. Transient failures are retried
 * with exponential backoff and jitter ({@code next_attempt_at}), up to {@link MediaConfig#maxAttempts()};
 * a failing host defers only its own photos. Photos the feed downloads itself (RETS {@code rets-object:}
 * references, see {@link FeedObjects}) are fetched together per listing and then checked and stored the same way.
 *
 * <p>{@link #sweep} schedules every listing that has due pending photos and no task yet (idempotent), queues
 * derivatives that were lost (a crash), releases the objects of photos gone longer than the grace period, and
 * resolves the object ledger: abandoned writes are adopted or deleted, released objects no row uses deleted.
 */
public final class MediaWork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaWork.class);
    /** Derivatives queued this long ago and still not recorded were lost (a crash) and are queued again. */
    private static final Duration DERIVATIVES_LOST_AFTER = Duration.ofMinutes(10);
    private static final int SWEEP_BATCH = 1000;
    private static final int MAX_ROUNDS = 3;
    private static final Duration ABANDONED_WRITES_EVERY = Duration.ofHours(1);

    private final MediaStore store;
    private final ObjectWriteStore writes;
    private final ObjectStore objects;
    private final MediaConfig config;
    private final Function<String, Optional<MediaFeed>> feeds;
    private final Clock clock;
    private final MediaDownload download;
    private final ImageCheck check;
    private final HostBackoff hosts;
    private final DerivativePool derivatives;
    private final Map<String, Derivatives> derivativesBySpec = new java.util.concurrent.ConcurrentHashMap<>();
    private final String taskName;
    private final AtomicLong fetched = new AtomicLong();
    private final AtomicLong storedCount = new AtomicLong();
    private volatile Instant abandonedWritesCheckedAt;

    /**
     * @param taskName the per-listing task this work's sweep schedules (see {@code jobs.MediaTasks})
     * @param feeds    the feed of an id, empty for a feed this process does not know
     */
    public MediaWork(MediaStore store, ObjectStore objects, MediaConfig config,
                     Function<String, Optional<MediaFeed>> feeds, Clock clock, String taskName) {
        this.store = store;
        this.writes = store.writes();
        this.objects = objects;
        this.config = config;
        this.feeds = feeds;
        this.clock = clock;
        this.taskName = taskName;
        Path temp = Path.of(System.getProperty("java.io.tmpdir"), "mlsync-media");
        this.download = new MediaDownload(config.maxBytes(), temp);
        this.check = new ImageCheck(config.maxPixels());
        this.hosts = new HostBackoff(clock, config.retryDelay());
        this.derivatives = new DerivativePool(Runtime.getRuntime().availableProcessors(), feedId ->
                derivativesBySpec.computeIfAbsent(settings(feedId).spec(), spec -> new Derivatives(settings(feedId),
                        temp)), VipsEncoder.find(temp, Derivatives.webpWorks()), temp, store,
                new RecordedWrites(objects, writes, clock, config.abandonedWriteAfter()), clock);
    }

    /** A feed's derivative settings: its own ({@code feeds[].media}) over the shared {@code media:} ones. */
    private DerivativeSettings settings(String feedId) {
        return feeds.apply(feedId).map(MediaFeed::derivatives).orElse(config.derivativeSettings());
    }

    /**
     * Applies each feed's derivative settings (once per process, at start: configuration does not change while
     * it runs): photos of a feed whose settings changed get their derivatives made again by the sweep.
     *
     * @return photos whose derivatives are to be made again
     */
    public int applyDerivativeSettings(java.util.Collection<String> feedIds) {
        int reset = 0;
        for (String feedId : feedIds) {
            int count = store.applyDerivativeSpec(feedId, settings(feedId).spec(), clock.instant());
            if (count > 0) {
                LOG.info("feed {}: derivative settings changed to {}; the derivatives of {} photos are made again",
                        feedId, settings(feedId).spec(), count);
            }
            reset += count;
        }
        if (reset > 0) { // the sweep only re-queues photos stored more than DERIVATIVES_LOST_AFTER ago
            store.derivativesDue(clock.instant().plusSeconds(1), SWEEP_BATCH).forEach(derivatives::submit);
        }
        return reset;
    }

    /** Downloads the listing's due pending photos (the body of the per-listing task). */
    public void fetchListing(String feedId, String listingKey) throws InterruptedException {
        Optional<MediaFeed> feed = feeds.apply(feedId);
        if (feed.isEmpty()) {
            LOG.warn("media task for unknown feed {} (listing {}) skipped; its photos stay pending", feedId,
                    listingKey);
            return;
        }
        boolean refreshed = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<MediaWorkItem> items = store.pending(feedId, listingKey, clock.instant());
            if (items.isEmpty()) {
                return;
            }
            boolean expired = false;
            try (FeedObjects objects = new FeedObjects(feed.get(), items, download)) {
                for (MediaWorkItem item : items) {
                    expired |= fetchOne(feed.get(), item, refreshed, objects);
                }
            }
            if (!expired) {
                return;
            }
            refresh(feed.get(), listingKey);
            refreshed = true;
        }
    }

    /** Fetches one photo; true when its URL expired and a refresh should be tried. */
    private boolean fetchOne(MediaFeed feed, MediaWorkItem item, boolean refreshed, FeedObjects objects)
            throws InterruptedException {
        Instant now = clock.instant();
        if (item.mediaUrl() == null || item.mediaUrl().isBlank()) {
            store.markFailed(item, "no MediaURL in the Media record");
            return false;
        }
        URI url;
        try {
            url = URI.create(item.mediaUrl());
        } catch (IllegalArgumentException e) {
            store.markFailed(item, "MediaURL is not a valid URL: " + e.getMessage());
            return false;
        }
        if (SignedUrlExpiry.expired(url, now)) { // its own query says so: renewed without asking the dead URL
            String reason = "the signed MediaURL expired at " + SignedUrlExpiry.of(url).orElseThrow();
            if (!refreshed) {
                return true;
            }
            retry(item, reason + " (also after renewing the listing's Media records)");
            return false;
        }
        String host = String.valueOf(objects.covers(item) ? feed.ownHost() : url.getHost());
        HostBackoff.Blocked blocked = hosts.blocked(host);
        if (blocked != null) {
            store.defer(item, "host " + host + " is backing off after " + blocked.lastError() + " until "
                    + blocked.until(), blocked.until());
            return false;
        }
        Duration window = feed.urlReuseWindow();
        if (!window.isZero() && item.mediaUrl().equals(item.fetchedUrl()) && item.fetchedAt() != null
                && item.fetchedAt().plus(window).isAfter(now)) {
            Instant allowed = item.fetchedAt().plus(window);
            store.defer(item, "this MediaURL was fetched at " + item.fetchedAt() + "; the provider allows one fetch "
                    + "per URL per " + window.toMinutes() + " min", allowed);
            return false;
        }
        if (!window.isZero()) {
            store.recordFetch(item, item.mediaUrl(), now);
        }
        MediaDownload.Downloaded downloaded = null;
        try {
            fetched.incrementAndGet();
            downloaded = objects.covers(item) ? objects.take(item)
                    : download.fetch(feed.http(), url, feed::headers, MediaHosts.of(feed));
            hosts.succeeded(host);
            ImageCheck.Checked image = check.check(downloaded.file(), downloaded.contentType());
            store(item, downloaded, image);
            return false;
        } catch (MediaFetchException e) {
            return failed(item, host, e, refreshed);
        } finally {
            if (downloaded != null) {
                delete(downloaded.file());
            }
        }
    }

    private boolean failed(MediaWorkItem item, String host, MediaFetchException e, boolean refreshed) {
        String reason = e.getMessage();
        if (e.hostFault()) {
            hosts.failed(host, reason);
        }
        switch (e.outcome()) {
            case EXPIRED -> {
                // a refused URL served no file: it does not use up the provider's one fetch per URL per window
                store.forgetFetch(item, item.mediaUrl());
                if (!refreshed) {
                    return true;
                }
                retry(item, reason + " (also after renewing the listing's Media records)");
            }
            case RETRY -> retry(item, reason);
            case REJECTED -> {
                LOG.warn("feed {}, listing {}, photo {}: {}; marked failed", item.feedId(), item.listingKey(),
                        item.mediaKey(), reason);
                store.markFailed(item, reason);
            }
        }
        return false;
    }

    private void retry(MediaWorkItem item, String reason) {
        int attempt = item.attempts() + 1;
        if (attempt >= config.maxAttempts()) {
            String message = reason + " (gave up after " + attempt + " attempts)";
            LOG.warn("feed {}, photo {}: {}; marked failed, `mlsync media --retry-failed` tries again",
                    item.feedId(), item.mediaKey(), message);
            store.markFailed(item, message);
            return;
        }
        long base = config.retryDelay().toMillis() << Math.min(attempt - 1, 16);
        Instant at = clock.instant().plusMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
        LOG.info("feed {}, photo {}: {}; retrying at {}, attempt {} of {}", item.feedId(), item.mediaKey(), reason,
                at, attempt + 1, config.maxAttempts());
        store.markRetry(item, reason, at);
    }

    /** Stores the photo once per distinct bytes, holding the bytes' lock (see {@link MediaStore#withDigestLock}). */
    private void store(MediaWorkItem item, MediaDownload.Downloaded downloaded, ImageCheck.Checked image) {
        store.withDigestLock(downloaded.sha256(), () -> {
            if (!storeShared(item, downloaded, image)) {
                storeWritten(item, downloaded, image);
            }
            return null;
        });
    }

    /** Shares the object of identical bytes stored before; false when there is none (any more). */
    private boolean storeShared(MediaWorkItem item, MediaDownload.Downloaded downloaded, ImageCheck.Checked image) {
        String spec = settings(item.feedId()).spec();
        Optional<MediaStore.StoredCopy> copy = store.storedWithDigest(downloaded.sha256(), spec);
        if (copy.isEmpty()) {
            return false;
        }
        StoredOriginal shared = copy.get().original();
        StoredOriginal original = new StoredOriginal(image.format().contentType, downloaded.bytes(), image.width(),
                image.height(), downloaded.sha256(), shared.objectKey(), shared.localUrl());
        List<DerivativeRow> reused = copy.get().derivatives();
        if (!store.markShared(item, original, clock.instant(), reused, spec)) {
            // the copy let go of its derivatives meanwhile (a new version): share the original, make them anew
            if (reused == null || !store.markShared(item, original, clock.instant(), null, spec)) {
                return false;
            }
            reused = null;
        }
        stored(item, original, reused == null);
        return true;
    }

    /**
     * Writes the original under its own key, recorded in the object ledger before the write begins. The key holds
     * the bytes' hash, so it is never one that identical bytes of another version, which other photos may share,
     * are stored under: nothing another row uses is overwritten (see {@link ObjectKey}).
     */
    private void storeWritten(MediaWorkItem item, MediaDownload.Downloaded downloaded, ImageCheck.Checked image) {
        ObjectKey key = ObjectKey.ofMedia(item.feedId(), item.listingKey(), item.position(), item.mediaKey(),
                downloaded.sha256(), image.format().extension);
        StoredOriginal original = new StoredOriginal(image.format().contentType, downloaded.bytes(), image.width(),
                image.height(), downloaded.sha256(), key.value(), objects.publicUrl(key).toString());
        Instant now = clock.instant();
        long write = writes.beginOriginal(item, original, now, now.plus(config.abandonedWriteAfter()));
        objects.put(key, downloaded.file(), image.format().contentType);
        if (store.markWritten(item, original, clock.instant(), write)) {
            stored(item, original, true);
        }
    }

    private void stored(MediaWorkItem item, StoredOriginal original, boolean makeDerivatives) {
        storedCount.incrementAndGet();
        if (makeDerivatives) {
            derivatives.submit(new DerivativeWork(item.feedId(), item.mediaKey(), original.objectKey(),
                    original.contentType()));
        }
    }

    /** Renews the URLs of the listing's photos from the provider's current Media records. */
    private void refresh(MediaFeed feed, String listingKey) {
        try {
            Map<String, String> urls = new LinkedHashMap<>();
            for (ObjectNode media : feed.listingMedia(listingKey)) {
                JsonNode key = media.get("MediaKey");
                JsonNode url = media.get("MediaURL");
                if (key != null && !key.isNull() && url != null && !url.isNull()) {
                    urls.put(key.asText(), url.asText());
                }
            }
            int changed = store.refreshUrls(feed.feedId(), listingKey, urls);
            LOG.info("feed {}, listing {}: media URLs expired; renewed {} of {} from the provider", feed.feedId(),
                    listingKey, changed, urls.size());
        } catch (RuntimeException e) {
            LOG.warn("feed {}, listing {}: cannot renew expired media URLs ({}); retrying the old ones",
                    feed.feedId(), listingKey, e.getMessage());
        }
    }

    /**
     * The periodic sweep: schedules listings with due pending photos (backfill priority), queues lost
     * derivatives, and deletes objects of photos gone longer than {@link MediaConfig#goneGrace()}.
     *
     * @return listings scheduled
     */
    public int sweep() {
        Instant now = clock.instant();
        int scheduled = store.schedulePending(taskName, null, null, null, now);
        store.derivativesDue(now.minus(DERIVATIVES_LOST_AFTER), SWEEP_BATCH).forEach(derivatives::submit);
        purgeGone(now);
        deleteAbandonedWrites(now);
        return scheduled;
    }

    /**
     * On the first sweep of this process and then every {@link #ABANDONED_WRITES_EVERY}: deletes what puts of
     * processes that died mid-write left in the store (the walk visits every object, so not on every sweep).
     */
    private void deleteAbandonedWrites(Instant now) {
        Instant last = abandonedWritesCheckedAt;
        if (last != null && now.isBefore(last.plus(ABANDONED_WRITES_EVERY))) {
            return;
        }
        abandonedWritesCheckedAt = now;
        int deleted = objects.deleteAbandonedWrites();
        if (deleted > 0) {
            LOG.info("deleted {} temporary file(s) of object writes whose process died mid-write", deleted);
        }
    }

    /** After a replication run of a feed: schedules its listings with pending photos (new ones first). */
    public int afterRun(String feedId, boolean incremental, Instant runStarted) {
        return store.schedulePending(taskName, feedId, null, incremental ? runStarted : null, clock.instant());
    }

    /** A manual request: the listing (or the whole feed) is scheduled ahead of backfill. */
    public int request(String feedId, String listingKey, boolean retryFailed) {
        if (retryFailed) {
            store.retryFailed(feedId, listingKey);
        }
        if (listingKey != null) { // raised above new listings and backfill even when it is queued already
            return store.scheduleManual(taskName, feedId, List.of(listingKey), clock.instant());
        }
        return store.schedulePending(taskName, feedId, null, clock.instant(), clock.instant());
    }

    /**
     * Releases the objects of photos gone before the grace period and resolves the object ledger as of
     * {@code now}: objects shared with photos still in use stay.
     *
     * @return gone photos that let go of their objects
     */
    public int purgeGone(Instant now) {
        int released = 0;
        for (int batch; (batch = store.releaseGone(now.minus(config.goneGrace()), now, SWEEP_BATCH)) > 0; ) {
            released += batch;
            if (batch < SWEEP_BATCH) {
                break;
            }
        }
        resolveWrites(now);
        return released;
    }

    /**
     * Resolves the object ledger's rows due by {@code now} (see {@link ObjectWriteStore}): abandoned originals a
     * pending photo still wants are adopted (stored, their derivatives queued), objects no row uses are deleted.
     *
     * @return rows resolved
     */
    public int resolveWrites(Instant now) {
        int resolved = 0;
        ObjectWriteStore.Objects access = new LedgerAccess();
        for (ObjectWriteStore.ObjectWrite write : writes.due(now, SWEEP_BATCH)) {
            try {
                ObjectWriteStore.Outcome outcome = writes.resolve(write, now, access);
                if (outcome == ObjectWriteStore.Outcome.ADOPTED) {
                    LOG.info("feed {}, photo {}: adopted the object {} a process wrote and died before recording",
                            write.feedId(), write.mediaKey(), write.objectKey());
                    storedCount.incrementAndGet();
                    derivatives.submit(new DerivativeWork(write.feedId(), write.mediaKey(), write.objectKey(),
                            write.original().contentType()));
                } else if (outcome == ObjectWriteStore.Outcome.DELETED) {
                    LOG.debug("deleted {}: no photo uses it ({})", write.objectKey(), write.kind());
                }
                resolved++;
            } catch (RuntimeException e) {
                LOG.warn("object {} ({}) not resolved ({}); the next media sweep tries again", write.objectKey(),
                        write.kind(), e.toString());
            }
        }
        return resolved;
    }

    /** The object store as the ledger's sweep reads and deletes through it. */
    private final class LedgerAccess implements ObjectWriteStore.Objects {
        @Override
        public boolean holds(String objectKey, String sha256) {
            Optional<java.io.InputStream> in = objects.open(new ObjectKey(objectKey));
            if (in.isEmpty()) {
                return false;
            }
            try (java.io.InputStream body = in.get()) {
                java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                return java.util.HexFormat.of().formatHex(digest.digest()).equals(sha256);
            } catch (IOException e) {
                throw new ObjectStoreException(objects.describe() + ": cannot read " + objectKey + ": "
                        + e.getMessage(), e);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }

        @Override
        public void delete(String objectKey) {
            objects.delete(new ObjectKey(objectKey));
        }
    }

    /** Queues derivatives of every stored original still without them (e.g. `mlsync media` after a crash). */
    public void queueMissingDerivatives() {
        store.derivativesDue(clock.instant().plusSeconds(1), Integer.MAX_VALUE).forEach(derivatives::submit);
    }

    /** Whether the derivative stage has nothing queued or running. */
    public boolean derivativesIdle() {
        return derivatives.idle();
    }

    /** CPU time the derivative threads spent (vips processes not counted: they are the process's children). */
    public long derivativeCpuNanos() {
        return derivatives.cpuNanos();
    }

    /** Photo requests sent by this process. */
    public long fetched() {
        return fetched.get();
    }

    /** Originals marked stored by this process. */
    public long stored() {
        return storedCount.get();
    }

    public MediaStore store() {
        return store;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("temporary file {} not deleted: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        derivatives.close();
    }
}
