package dev.mlsync.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.replicate.ListingEditException;
import dev.mlsync.replicate.ListingEdits;
import dev.mlsync.replicate.NotOpenException;
import dev.mlsync.store.ConflictRow;
import dev.mlsync.store.OverrideRow;
import dev.mlsync.store.OverrideValueException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Local edits and conflicts through {@link ListingEdits}: {@code PUT/DELETE /api/listings/{feed}/{key}/overrides},
 * {@code GET /api/conflicts}, {@code POST /api/conflicts/{id}/resolve}. The editor is the {@code X-Mlsync-User}
 * header (admin tokens carry no name), else {@code api}.
 */
final class ListingEditRoutes {
    static final String USER_HEADER = "X-Mlsync-User";
    private static final int MAX_BODY = 256 * 1024;

    /** Registers a route the way {@link AdminServer} registers every {@code /api} route (token checked first). */
    interface Registrar {
        void add(HandlerType method, String path, Handler handler);
    }

    private final ListingEdits edits;
    private final ApiRoutes api;

    private ListingEditRoutes(ListingEdits edits, ApiRoutes api) {
        this.edits = edits;
        this.api = api;
    }

    static void register(Registrar routes, WebServices services, ApiRoutes api) {
        ListingEditRoutes edit = new ListingEditRoutes(
                new ListingEdits(services.database().overrides(), services.clock()), api);
        routes.add(HandlerType.PUT, "/api/listings/{feed}/{key}/overrides", edit::set);
        routes.add(HandlerType.DELETE, "/api/listings/{feed}/{key}/overrides/{field}", edit::unset);
        routes.add(HandlerType.GET, "/api/conflicts", edit::conflicts);
        routes.add(HandlerType.POST, "/api/conflicts/{id}/resolve", edit::resolve);
    }

    /** Body {@code {field: value, …}} → 200 with the effective listing. */
    void set(Context ctx) {
        Params.of(ctx, Set.of());
        String feed = ctx.pathParam("feed");
        String key = ctx.pathParam("key");
        JsonNode body = object(ctx.body(), "{\"ListPrice\": 499000, \"PublicRemarks\": \"…\"}");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        body.properties().forEach(field -> values.put(field.getKey(), field.getValue()));
        edited(() -> edits.set(feed, key, values, editor(ctx)));
        api.listing(ctx);
    }

    /** → 200 with the effective listing; 404 when the listing has no override of the field. */
    void unset(Context ctx) {
        Params.of(ctx, Set.of());
        String feed = ctx.pathParam("feed");
        String key = ctx.pathParam("key");
        edited(() -> {
            edits.unset(feed, key, ctx.pathParam("field"), editor(ctx));
            return null;
        });
        api.listing(ctx);
    }

    void conflicts(Context ctx) {
        Params params = Params.of(ctx, List.of("feed", "status", "limit"));
        String feed = api.knownFeed(params.text("feed"), "feed");
        String status = params.oneOf("status", ListingEdits.STATUSES);
        int limit = params.integer("limit", 1, ListingEdits.MAX_LIST, 100);
        ctx.json(Map.of("conflicts", edited(() -> edits.conflicts(feed, status, limit)).stream()
                .map(ListingEditRoutes::view).toList()));
    }

    /** Body {@code {"keep": "mls"|"local"}} → 200 with the resolved conflict; 404 unknown id, 409 not open. */
    void resolve(Context ctx) {
        Params.of(ctx, Set.of());
        long id = ApiRoutes.pathId(ctx, "id");
        JsonNode body = object(ctx.body(), "{\"keep\": \"mls\"} or {\"keep\": \"local\"}");
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("keep")) {
                throw ApiException.badRequest(name, "unknown field \"" + Params.shorten(name) + "\" (fields: keep)");
            }
        });
        JsonNode keep = body.get("keep");
        if (keep == null || !keep.isTextual()) {
            throw ApiException.badRequest("keep", "keep must be \"mls\" or \"local\"");
        }
        try {
            ctx.json(Map.of("conflict", view(edited(() -> edits.resolve(id, keep.textValue(), editor(ctx))))));
        } catch (NotOpenException e) {
            throw new ApiException(e.missing() ? 404 : 409, "id", e.getMessage());
        }
    }

    private static String editor(Context ctx) {
        String user = ctx.header(USER_HEADER);
        return user == null || user.isBlank() ? "api" : user;
    }

    /** Runs an edit, answering its refusals as 400 (bad input), 404 (no such listing or override) or 409. */
    private static <T> T edited(java.util.function.Supplier<T> edit) {
        try {
            return edit.get();
        } catch (ListingEditException e) {
            int status = switch (e.reason()) {
                case BAD_INPUT -> 400;
                case NO_LISTING, NO_OVERRIDE -> 404;
                case LISTING_DELETED -> 409;
            };
            throw new ApiException(status, e.field(), e.getMessage());
        } catch (OverrideValueException e) {
            throw ApiException.badRequest("body", e.getMessage());
        }
    }

    private static JsonNode object(String body, String example) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body", "send a JSON object such as " + example);
        }
        if (body.length() > MAX_BODY) {
            throw ApiException.badRequest("body", "larger than " + MAX_BODY / 1024 + " KB");
        }
        JsonNode node;
        try {
            node = WebJson.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(body);
        } catch (Exception e) {
            throw ApiException.badRequest("body", "not valid JSON (or a field given twice); send an object such as "
                    + example);
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object such as " + example);
        }
        return node;
    }

    /** An override as the API shows it: values as JSON, not text. */
    static Map<String, Object> view(OverrideRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("field", row.field());
        view.put("value", json(row.valueJson()));
        view.put("mlsValue", json(row.mlsValueJson()));
        view.put("setBy", row.setBy());
        view.put("setAt", row.setAt());
        return view;
    }

    static Map<String, Object> view(ConflictRow row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.id());
        view.put("feed", row.feedId());
        view.put("listingKey", row.listingKey());
        view.put("field", row.field());
        view.put("kind", row.kind());
        view.put("localValue", json(row.localValueJson()));
        view.put("mlsBefore", json(row.mlsBeforeJson()));
        view.put("mlsValue", json(row.mlsValueJson()));
        view.put("policy", row.policy());
        view.put("status", row.status());
        view.put("resolution", row.resolution());
        view.put("resolvedBy", row.resolvedBy());
        view.put("openedAt", row.openedAt());
        view.put("resolvedAt", row.resolvedAt());
        return view;
    }

    private static JsonNode json(String text) {
        return text == null ? null : WebJson.parse(text);
    }
}
