package dev.mlsync.source.reso;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.source.PageReader;
import dev.mlsync.source.PageRequest;
import dev.mlsync.source.RecordShape;
import dev.mlsync.source.Source;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * A RESO Web API (OData) feed. Query shape, paging, caps, media and deletion signals come from the
 * provider's {@link ProviderProfile}; this class only wires them together.
 *
 * <p>Paging contract with the replicator: in keyset profiles (generic RESO, Trestle, AMPRE)
 * {@link PageReader#nextLink()} is always null and the next page is asked for with the cursor moved
 * to the page's last record; {@link PageReader#hasMore()} says whether the page was full. In
 * nextLink profiles (MLS Grid, Bridge, Spark) the next page is the returned link, stored in the
 * cursor; {@code hasMore()} is true exactly when that link is not null.
 *
 * <p>No request is retried and nothing waits here, except that OAuth2 renews its token once after a
 * 401 and repeats that request once; quotas and retries wrap this source.
 */
public final class ResoSource implements Source {
    private final FeedConfig feed;
    private final ProviderProfile profile;
    private final ProviderHttp http;
    private final ODataGet get;
    private final Credentials credentials;

    private ResoSource(FeedConfig feed, ProviderProfile profile, ProviderHttp http, ODataGet get,
                       Credentials credentials) {
        this.feed = feed;
        this.profile = profile;
        this.http = http;
        this.get = get;
        this.credentials = credentials;
    }

    public static ResoSource of(FeedConfig feed, HttpClient http, Clock clock) {
        ProviderProfile profile = ProviderProfile.of(feed.provider(), feed.overrides());
        profile.requiredFilters(feed); // fails fast when a required filter value (MLS Grid: originatingSystem) is missing
        ProviderHttp providerHttp = new ProviderHttp(feed.id(), http);
        Credentials credentials = credentials(feed, profile, providerHttp, clock);
        return new ResoSource(feed, profile, providerHttp, new ODataGet(providerHttp, credentials), credentials);
    }

    /** Why {@code feed}'s provider cannot serve a partial sync (by listing keys or a filter), or null when it can. */
    public static String partialSyncRefusal(FeedConfig feed) {
        return ProviderProfile.of(feed.provider(), feed.overrides()).partialSyncRefusal();
    }

    @Override
    public PageReader openPage(PageRequest request) {
        String resource = request.resource();
        PageQuery query = PageQuery.of(feed, profile, request);
        ODataPageReader page = new ODataPageReader(get.open(query.uri(), resource), http,
                new ODataPageReader.Paging(query.keyset(), profile.supportsSkip(resource)));
        if (request.keysOnly() || !profile.fetchesMediaSeparately(resource)) {
            return page;
        }
        MediaBatch media = new MediaBatch(feed.baseUrl(), get, http, profile.maxPageSize(ProviderProfile.MEDIA));
        return new MediaAttachingReader(page, media, profile.mediaBatchSize(), profile.keyField(resource));
    }

    @Override
    public int splittablePageSize(PageRequest request) {
        if (!profile.supportsSkip(request.resource())) {
            return 0;
        }
        return SkipLink.splittableTop(PageQuery.of(feed, profile, whole(request)).uri());
    }

    @Override
    public String linkAfterSplit(PageRequest request, int positions, boolean lastBroken) {
        PageQuery query = PageQuery.of(feed, profile, whole(request));
        if (query.keyset() && !lastBroken) {
            return null;
        }
        return SkipLink.window(query.uri(), positions, SkipLink.splittableTop(query.uri())).toString();
    }

    private static PageRequest whole(PageRequest request) {
        return new PageRequest(request.resource(), request.cursor(), request.initialLoad(), request.pageSize(), false,
                request.keys(), request.filter(), request.keysOnly(), null);
    }

    @Override
    public RecordShape shape(String resource) {
        return new ResoRecordShape(profile.keyField(resource), profile.timestampField(), profile::isDeleted);
    }

    @Override
    public java.util.Map<String, String> mediaHeaders(java.net.URI url) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        String token = credentials.token();
        if (token == null) {
            return headers;
        }
        if (profile.mediaUserAgentIsToken()) {
            headers.put("User-Agent", token);
        }
        if (sameOrigin(url, feed.baseUrl())) {
            headers.put("Authorization", "Bearer " + token);
        }
        return headers;
    }

    private static boolean sameOrigin(java.net.URI a, java.net.URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    @Override
    public java.time.Duration mediaUrlReuseWindow() {
        return profile.mediaUrlReuseWindow();
    }

    @Override
    public java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> listingMedia(String listingKey) {
        MediaBatch media = new MediaBatch(feed.baseUrl(), get, http, profile.maxPageSize(ProviderProfile.MEDIA));
        return media.fetch(java.util.List.of(listingKey)).get(listingKey);
    }

    @Override
    public long requestCount() {
        return http.requestCount();
    }

    private static Credentials credentials(FeedConfig feed, ProviderProfile profile, ProviderHttp http, Clock clock) {
        AuthConfig auth = feed.auth() == null ? AuthConfig.none() : feed.auth();
        return switch (auth.type()) {
            case NONE -> Credentials.ofToken(null);
            case BEARER -> Credentials.ofToken(auth.token());
            case OAUTH2 -> new OAuth2Credentials(http, auth, PageQuery.resolve(feed.baseUrl(), auth.tokenUrl()),
                    profile.defaultScope(), clock);
            case PASSWORD -> throw new IllegalArgumentException("feed " + feed.id()
                    + ": a username and password log in to RETS, not to a RESO Web API");
        };
    }
}
