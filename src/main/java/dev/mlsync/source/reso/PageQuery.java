package dev.mlsync.source.reso;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.source.Cursor;
import dev.mlsync.source.PageRequest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The URL of one page: the cursor's nextLink when it has one, otherwise
 * {@code {base}{Resource}?$filter=required and initial-load and cursor&$orderby=TS,Key&$top=n[&$expand=Media]}.
 *
 * <p>Cursor condition: with keyset paging, a cursor key and no overlap it is
 * {@code (TS gt T or (TS eq T and Key gt 'K'))}, which continues exactly after the last committed
 * record; otherwise {@code TS ge T - overlap}, which repeats the records at T (the upsert is idempotent)
 * and so never skips records sharing a timestamp.
 *
 * @param uri     absolute URL to GET
 * @param keyset  true when the next page is found from the cursor, false when it follows nextLinks
 */
record PageQuery(URI uri, boolean keyset) {

    static PageQuery of(FeedConfig feed, ProviderProfile profile, PageRequest request) {
        PageQuery whole = whole(feed, profile, request);
        PageRequest.Window window = request.window();
        return window == null ? whole
                : new PageQuery(SkipLink.window(whole.uri(), window.skip(), window.size()), whole.keyset());
    }

    private static PageQuery whole(FeedConfig feed, ProviderProfile profile, PageRequest request) {
        boolean keyset = profile.keysetPaging();
        String link = request.cursor().nextLink();
        if (link != null) {
            return new PageQuery(resolve(feed.baseUrl(), link), keyset);
        }
        String resource = request.resource();
        Map<String, String> params = new LinkedHashMap<>();
        String filter = filter(feed, profile, request);
        if (!filter.isEmpty()) {
            params.put("$filter", filter);
        }
        if (profile.ordersBy(resource)) {
            params.put("$orderby", profile.timestampField() + "," + profile.keyField(resource));
        }
        if (request.keysOnly()) {
            params.put("$select", String.join(",", profile.keyIndexFields(resource)));
            params.put("$top", Integer.toString(Math.min(request.pageSize(), profile.keyIndexPageSize(resource))));
            return new PageQuery(url(feed.baseUrl(), profile.resourcePath(resource), params), keyset);
        }
        params.put("$top", Integer.toString(Math.min(request.pageSize(), profile.maxPageSize(resource))));
        if (profile.expandsMedia(resource)) {
            params.put("$expand", ProviderProfile.MEDIA);
        }
        if (request.countTotal() && profile.countsRecords()) {
            params.put("$count", "true");
        }
        return new PageQuery(url(feed.baseUrl(), profile.resourcePath(resource), params), keyset);
    }

    /** {@code base + path + ?k=v&...} with every value percent-encoded. */
    static URI url(URI base, String path, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + ODataLiteral.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(serviceRoot(base) + path + (query.isEmpty() ? "" : "?" + query));
    }

    /** A link relative to the service root or host, made absolute. */
    static URI resolve(URI base, String link) {
        return URI.create(serviceRoot(base)).resolve(ODataLiteral.encodeIllegal(link));
    }

    private static String serviceRoot(URI base) {
        String root = base.toString();
        return root.endsWith("/") ? root : root + "/";
    }

    private static String filter(FeedConfig feed, ProviderProfile profile, PageRequest request) {
        List<String> terms = new ArrayList<>(profile.requiredFilters(feed));
        if (request.initialLoad()) {
            terms.addAll(profile.initialLoadFilters(request.resource()));
        }
        if (request.keys() != null) {
            terms.add(profile.keyField(request.resource()) + " in " + ODataLiteral.list(request.keys()));
        }
        if (request.filter() != null) {
            terms.add("(" + request.filter() + ")");
        }
        Cursor cursor = request.cursor();
        if (!cursor.isEmpty()) {
            terms.add(cursorCondition(profile, request.resource(), cursor));
        }
        return String.join(" and ", terms);
    }

    private static String cursorCondition(ProviderProfile profile, String resource, Cursor cursor) {
        String field = profile.timestampField();
        int overlap = profile.overlapSeconds();
        if (profile.keysetPaging() && cursor.key() != null && overlap == 0) {
            String at = ODataLiteral.timestamp(cursor.timestamp());
            return "(" + field + " gt " + at + " or (" + field + " eq " + at + " and "
                    + profile.keyField(resource) + " gt " + ODataLiteral.string(cursor.key()) + "))";
        }
        Instant from = cursor.timestamp().minusSeconds(overlap);
        return field + " ge " + ODataLiteral.timestamp(from);
    }
}
