package dev.mlsync.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlsync.config.Secrets;
import dev.mlsync.jobs.JobNotFoundException;
import dev.mlsync.jobs.JobStatus;
import dev.mlsync.replicate.DeadLetters;
import dev.mlsync.replicate.NotOpenException;
import dev.mlsync.store.DeadLetterRow;
import dev.mlsync.store.FeedStatus;
import dev.mlsync.store.ListingDetail;
import dev.mlsync.store.ListingFilter;
import dev.mlsync.store.ListingSummary;
import dev.mlsync.store.OpenErrorRow;
import dev.mlsync.store.RunRow;
import io.javalin.http.Context;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The read side of {@code /api}: feeds, runs, errors, listings, alerts. Every handler validates its parameters. */
final class ApiRoutes {
    static final int MAX_LIMIT = 1000;
    private static final Set<String> RUN_STATUSES = Set.of("running", "completed", "failed", "cancelled");

    private final WebServices services;
    private final FeedViews feeds;

    ApiRoutes(WebServices services) {
        this.services = services;
        this.feeds = new FeedViews(services.config(), services.database(), services.clock());
    }

    void feeds(Context ctx) {
        Params.of(ctx, Set.of());
        ctx.json(Map.of("feeds", feeds.all()));
    }

    void feed(Context ctx) {
        Params.of(ctx, Set.of());
        String id = ctx.pathParam("id");
        ctx.json(feeds.one(id).orElseThrow(() -> ApiException.notFound("id", "no feed \"" + Params.shorten(id)
                + "\" is configured or replicated")));
    }

    void runs(Context ctx) {
        Params params = Params.of(ctx, List.of("feed", "status", "before", "limit"));
        String feed = knownFeed(params.text("feed"), "feed");
        List<RunRow> runs = services.database().history().runs(feed, params.oneOf("status", RUN_STATUSES),
                params.id("before"), params.integer("limit", 1, MAX_LIMIT, 50));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", runs);
        body.put("next", runs.isEmpty() ? null : String.valueOf(runs.getLast().id()));
        ctx.json(body);
    }

    /** Open record errors ({@code errors}, paged) and the open and re-queued dead letters ({@code deadLetters}, newest first). */
    void errors(Context ctx) {
        Params params = Params.of(ctx, List.of("feed", "before", "limit"));
        String feed = knownFeed(params.text("feed"), "feed");
        int limit = params.integer("limit", 1, MAX_LIMIT, 50);
        List<OpenErrorRow> errors = services.database().history().openErrors(feed, params.id("before"), limit);
        List<DeadLetterRow> letters = deadLetters().open(feed).reversed();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", errors);
        body.put("next", errors.isEmpty() ? null : String.valueOf(errors.getLast().id()));
        body.put("deadLetters", letters.subList(0, Math.min(limit, letters.size())));
        ctx.json(body);
    }

    /** Re-queues one open dead letter (the {@code mlsync errors retry --id} service): 202 with the letter. */
    void retryError(Context ctx) {
        Params.of(ctx, Set.of());
        long id = pathId(ctx, "id");
        try {
            ctx.status(202).json(Map.of("deadLetter", deadLetters().retry(id)));
        } catch (NotOpenException e) {
            throw new ApiException(e.missing() ? 404 : 409, "id", e.getMessage());
        }
    }

    private DeadLetters deadLetters() {
        return new DeadLetters(services.database().deadLetters(), services.clock());
    }

    void listings(Context ctx) {
        Params params = Params.of(ctx, List.of("feed", "status", "city", "minPrice", "maxPrice", "updatedSince",
                "order", "limit", "after"));
        boolean byModification = "modified".equals(params.oneOf("order", Set.of("key", "modified")));
        String after = params.text("after");
        ListingCursor cursor = after == null ? null : ListingCursor.decode(after, "after", byModification);
        var minPrice = params.decimal("minPrice");
        var maxPrice = params.decimal("maxPrice");
        if (minPrice != null && maxPrice != null && minPrice.compareTo(maxPrice) > 0) {
            throw ApiException.badRequest("maxPrice", "maxPrice must not be below minPrice");
        }
        int limit = params.integer("limit", 1, MAX_LIMIT, 100);
        ListingFilter filter = new ListingFilter(knownFeed(params.text("feed"), "feed"), params.text("status"),
                params.text("city"), minPrice, maxPrice, params.instant("updatedSince"), byModification,
                cursor == null ? null : cursor.modified(), cursor == null ? null : cursor.feedId(),
                cursor == null ? null : cursor.listingKey(), limit + 1);
        List<ListingSummary> found = services.database().listings().find(filter);
        List<ListingSummary> page = found.size() > limit ? found.subList(0, limit) : found;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("listings", page);
        ListingSummary last = page.isEmpty() ? null : page.getLast();
        body.put("next", found.size() > limit ? new ListingCursor(byModification ? last.modificationTimestamp() : null,
                last.feedId(), last.listingKey()).encode() : null);
        ctx.json(body);
    }

    /** One listing as the user sees it (overrides applied), with {@code overriddenFields} and each override. */
    void listing(Context ctx) {
        Params.of(ctx, Set.of());
        String feed = ctx.pathParam("feed");
        String key = ctx.pathParam("key");
        ListingDetail detail = services.database().listings().get(feed, key).orElseThrow(() -> ApiException.notFound(
                "key", "feed \"" + Params.shorten(feed) + "\" has no listing \"" + Params.shorten(key) + "\""));
        ObjectNode body = WebJson.MAPPER.valueToTree(detail.listing());
        body.set("raw", WebJson.parse(detail.rawJson()));
        ArrayNode media = body.putArray("media");
        for (String json : detail.mediaJson()) {
            JsonNode row = WebJson.parse(json);
            if (row instanceof ObjectNode object) {
                for (String url : List.of("media_url", "fetched_url")) {
                    if (object.hasNonNull(url)) {
                        object.put(url, Secrets.redactUrl(object.get(url).asText()));
                    }
                }
            }
            media.add(row);
        }
        body.set("overrides", WebJson.MAPPER.valueToTree(detail.overrides().stream().map(ListingEditRoutes::view)
                .toList()));
        ctx.json(body);
    }

    void alerts(Context ctx) {
        Params.of(ctx, Set.of());
        ctx.json(Map.of("alerts", services.alerts() == null ? List.of() : services.alerts().get()));
    }

    /** The feed id when it is configured or replicated; a 400 naming {@code field} otherwise. */
    String knownFeed(String id, String field) {
        if (id == null) {
            return null;
        }
        Set<String> known = new HashSet<>();
        services.config().feeds().forEach(f -> known.add(f.id()));
        if (!known.contains(id)) {
            services.database().status().feeds().stream().map(FeedStatus::feedId).forEach(known::add);
        }
        if (!known.contains(id)) {
            throw ApiException.badRequest(field, "no feed \"" + Params.shorten(id) + "\" is configured or replicated");
        }
        return id;
    }

    static long pathId(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be a positive integer, was \"" + Params.shorten(value) + "\"");
    }

    static void requireJobStatus(String status) {
        if (status != null && !JobStatus.NAMES.contains(status)) {
            throw ApiException.badRequest("status", "status must be one of " + String.join(", ", JobStatus.NAMES));
        }
    }

    static ApiException notFound(JobNotFoundException e) {
        return ApiException.notFound("id", e.getMessage());
    }
}
