package dev.mlsync.source.reso;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.RawRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A Property page whose Media is fetched by separate queries: reads up to {@code batchSize} listings,
 * fetches their media in one batch and attaches it as a {@code Media} array (empty when a listing has
 * none), then hands the listings out in page order. Memory holds one batch, not the page.
 */
final class MediaAttachingReader implements PageReader {
    private final ODataPageReader listings;
    private final MediaBatch media;
    private final int batchSize;
    private final String keyField;
    private final ArrayDeque<RawRecord> ready = new ArrayDeque<>();

    MediaAttachingReader(ODataPageReader listings, MediaBatch media, int batchSize, String keyField) {
        this.listings = listings;
        this.media = media;
        this.batchSize = batchSize;
        this.keyField = keyField;
    }

    @Override
    public boolean hasNext() {
        if (ready.isEmpty()) {
            fillBatch();
        }
        return !ready.isEmpty();
    }

    @Override
    public RawRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }

    @Override
    public String nextLink() {
        return listings.nextLink();
    }

    @Override
    public boolean hasMore() {
        return listings.hasMore();
    }

    @Override
    public long bytesRead() {
        return listings.bytesRead() + media.bytesRead();
    }

    @Override
    public void close() {
        ready.clear();
        listings.close();
    }

    private void fillBatch() {
        List<RawRecord> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && listings.hasNext()) {
            batch.add(listings.next());
        }
        List<String> keys = batch.stream().map(r -> ProviderProfile.text(r.json(), keyField))
                .filter(key -> key != null).distinct().toList();
        if (!keys.isEmpty()) {
            attach(batch, media.fetch(keys));
        }
        ready.addAll(batch);
    }

    private void attach(List<RawRecord> batch, Map<String, List<ObjectNode>> byKey) {
        for (RawRecord listing : batch) {
            String key = ProviderProfile.text(listing.json(), keyField);
            if (key != null) {
                listing.json().putArray("Media").addAll(byKey.get(key));
            }
        }
    }
}
