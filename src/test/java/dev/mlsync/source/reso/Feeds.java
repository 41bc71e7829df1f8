package dev.mlsync.source.reso;

import dev.mlsync.testing.SettableClock;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;

/** Feed configs and sources for tests. */
final class Feeds {
    static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-05-01T00:00:00Z"));
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Feeds() {
    }

    static FeedConfig feed(Provider provider, URI baseUrl) {
        return feed(provider, baseUrl, AuthConfig.bearer("test-token"), null, ProfileOverrides.none());
    }

    static FeedConfig feed(Provider provider, URI baseUrl, AuthConfig auth, String originatingSystem,
                           ProfileOverrides overrides) {
        return new FeedConfig("feed-" + provider.configName(), provider, baseUrl, auth, originatingSystem,
                List.of("Property"), 1000, overrides, null, null);
    }

    static ResoSource source(FeedConfig feed) {
        return ResoSource.of(feed, HTTP, CLOCK);
    }

    static PageRequest initial(String resource, int pageSize) {
        return new PageRequest(resource, Cursor.EMPTY, true, pageSize);
    }

    static PageRequest incremental(String resource, Cursor cursor, int pageSize) {
        return new PageRequest(resource, cursor, false, pageSize);
    }

    /** The same request continuing from {@code link}. */
    static PageRequest following(PageRequest request, String link) {
        return new PageRequest(request.resource(), request.cursor().withNextLink(link), request.initialLoad(),
                request.pageSize());
    }

    static ProfileOverrides overrides(Integer maxPageSize, Boolean expandMedia, Integer mediaBatchSize,
                                      String timestampField, Integer overlapSeconds, Boolean keysetPaging) {
        return new ProfileOverrides(maxPageSize, expandMedia, mediaBatchSize, timestampField, overlapSeconds, keysetPaging);
    }
}
