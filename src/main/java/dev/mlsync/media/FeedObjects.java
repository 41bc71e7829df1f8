package dev.mlsync.media;

import dev.mlsync.source.MediaReceiver;
import dev.mlsync.source.SourceException;
import dev.mlsync.store.MediaWorkItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The photos of one listing's round that the feed downloads itself (RETS {@code rets-object:} references): on the
 * first {@link #take}, every such photo of the round not asked for yet is fetched in one go (one GetObject per
 * listing) and streamed to temporary files with the same size cap and digest as a URL's download; each photo then
 * goes through the same checks and storing as any other. Closing deletes the files no photo took.
 */
final class FeedObjects implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedObjects.class);

    /** A downloaded file or the reason there is none. */
    private record Result(MediaDownload.Downloaded downloaded, MediaFetchException failure) {
    }

    private final MediaFeed feed;
    private final MediaDownload download;
    private final Set<String> unasked = new LinkedHashSet<>();
    private final Map<String, Result> results = new HashMap<>();

    FeedObjects(MediaFeed feed, List<MediaWorkItem> items, MediaDownload download) {
        this.feed = feed;
        this.download = download;
        for (MediaWorkItem item : items) {
            if (covers(item)) {
                unasked.add(item.mediaUrl());
            }
        }
    }

    /** Whether the feed downloads this photo itself. */
    boolean covers(MediaWorkItem item) {
        return item.mediaUrl() != null && feed.resolvesMedia(item.mediaUrl());
    }

    /** The photo's downloaded file (the caller deletes it); throws why it has none. */
    MediaDownload.Downloaded take(MediaWorkItem item) throws InterruptedException {
        String url = item.mediaUrl();
        if (!results.containsKey(url)) {
            fetch(url);
        }
        Result result = results.remove(url);
        if (result == null) {
            throw MediaFetchException.retry("feed " + feed.feedId() + " gave no answer for " + url, true);
        }
        if (result.failure() != null) {
            throw result.failure();
        }
        return result.downloaded();
    }

    private void fetch(String first) throws InterruptedException {
        List<String> urls = new ArrayList<>();
        urls.add(first);
        unasked.remove(first);
        urls.addAll(unasked);
        unasked.clear();
        try {
            feed.fetchMedia(urls, new Receiver());
        } catch (SourceException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(e.getMessage());
            }
            MediaFetchException failure = MediaFetchException.of(e);
            urls.forEach(url -> results.putIfAbsent(url, new Result(null, failure)));
        }
    }

    /** Saves each object as it arrives; one that breaks the size cap fails alone. */
    private final class Receiver implements MediaReceiver {
        @Override
        public void received(String mediaUrl, String contentType, InputStream body) throws IOException {
            Result result;
            try {
                result = new Result(download.save(body, -1, contentType), null);
            } catch (MediaFetchException e) {
                result = new Result(null, e);
            }
            Result earlier = results.put(mediaUrl, result);
            if (earlier != null && earlier.downloaded() != null) {
                delete(earlier.downloaded());
            }
        }

        @Override
        public void refused(String mediaUrl, SourceException reason) {
            results.putIfAbsent(mediaUrl, new Result(null, MediaFetchException.of(reason)));
        }
    }

    @Override
    public void close() {
        results.values().stream().filter(result -> result.downloaded() != null).forEach(FeedObjects::delete);
        results.clear();
    }

    private static void delete(Result result) {
        delete(result.downloaded());
    }

    private static void delete(MediaDownload.Downloaded downloaded) {
        try {
            Files.deleteIfExists(downloaded.file());
        } catch (IOException e) {
            LOG.debug("temporary file {} not deleted: {}", downloaded.file(), e.getMessage());
        }
    }
}
