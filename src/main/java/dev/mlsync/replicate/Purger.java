package dev.mlsync.replicate;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.media.ObjectKey;
import dev.mlsync.media.ObjectStore;
import dev.mlsync.store.PurgeStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Hard purge (ARCHITECTURE.md §3, Deletes): records soft-deleted longer than the feed's
 * {@code lifecycle.purgeAfter} leave the replica for good, a listing with its media rows and the objects only
 * its photos used, each with a {@code purged} change event. A listing with local overrides is kept instead:
 * marked held, with one {@code listing_purged} conflict opened. Rows go first (one transaction per record),
 * objects after the commit, so a failure leaves at worst an orphaned object, never a row whose object is gone.
 */
public final class Purger {
    static final int BATCH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(Purger.class);

    private final PurgeStore store;
    private final ObjectStore objects;
    private final Clock clock;

    public Purger(PurgeStore store, ObjectStore objects, Clock clock) {
        this.store = store;
        this.objects = objects;
        this.clock = clock;
    }

    /**
     * What one purge of a feed did.
     *
     * @param purged  records removed (listings and other resources)
     * @param objects objects deleted from the object store
     * @param held    listings kept because they have overrides (a conflict opened for each)
     */
    public record Result(int purged, int objects, int held) {
    }

    /** Purges every record of the feed that is due; safe to run again at any time (nothing due, nothing done). */
    public Result purge(FeedConfig feed) {
        Instant now = clock.instant();
        Instant before = now.minus(feed.lifecycle().purgeAfter());
        store.releaseHolds(feed.id());
        int purged = 0;
        int deletedObjects = 0;
        int held = 0;
        List<PurgeStore.Due> due;
        do {
            due = store.due(feed.id(), before, BATCH);
            for (PurgeStore.Due record : due) {
                if (record.held()) {
                    store.hold(feed.id(), record.key(), feed.lifecycle().conflicts().configName(), now);
                    held++;
                } else if ("Property".equals(record.resource())) {
                    Optional<List<String>> keys = store.purgeListing(feed.id(), record.key(), before, now);
                    if (keys.isPresent()) {
                        keys.get().forEach(key -> objects.delete(new ObjectKey(key)));
                        deletedObjects += keys.get().size();
                        purged++;
                    }
                } else if (store.purgeRecord(feed.id(), record.resource(), record.key(), before, now)) {
                    purged++;
                }
            }
        } while (due.size() >= BATCH);
        if (purged + held > 0) {
            LOG.info("feed {}: purged {} records deleted before {} ({} objects); kept {} edited listings, each with a "
                    + "listing_purged conflict to resolve", feed.id(), purged, before, deletedObjects, held);
        }
        return new Result(purged, deletedObjects, held);
    }
}
