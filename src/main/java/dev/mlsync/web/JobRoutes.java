package dev.mlsync.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.jobs.JobNotFoundException;
import dev.mlsync.jobs.JobRequest;
import dev.mlsync.jobs.JobService;
import dev.mlsync.jobs.JobView;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/jobs}: submit (rate-limited per token), show, list and cancel jobs through {@link JobService}. */
final class JobRoutes {
    private static final Set<String> FIELDS = Set.of("feed", "kind", "resource", "listingKeys", "filter", "dryRun");
    private static final int MAX_BODY = 64 * 1024;

    private final JobService jobs;
    private final ApiRoutes api;
    private final JobRateLimit rateLimit;

    JobRoutes(JobService jobs, ApiRoutes api, JobRateLimit rateLimit) {
        this.jobs = jobs;
        this.api = api;
        this.rateLimit = rateLimit;
    }

    void submit(Context ctx) {
        Params.of(ctx, Set.of());
        JobRequest request = request(ctx.body());
        String tokenId = AdminAuth.tokenId(ctx);
        long wait = rateLimit.tryAcquire(tokenId);
        if (wait > 0) {
            rateLimit.release(tokenId);
            ctx.header("Retry-After", String.valueOf(wait));
            throw new ApiException(429, null, "too many jobs created with this token; try again in " + wait + " s");
        }
        try {
            ctx.status(202).json(jobs.submit(request));
        } catch (RuntimeException e) {
            rateLimit.release(tokenId);
            throw e;
        }
    }

    void get(Context ctx) {
        Params.of(ctx, Set.of());
        long id = ApiRoutes.pathId(ctx, "id");
        ctx.json(jobs.get(id).orElseThrow(() -> ApiException.notFound("id", "job " + id + " not found")));
    }

    void list(Context ctx) {
        Params params = Params.of(ctx, List.of("feed", "status", "limit"));
        String status = params.text("status");
        ApiRoutes.requireJobStatus(status);
        List<JobView> found = jobs.list(api.knownFeed(params.text("feed"), "feed"), status,
                params.integer("limit", 1, JobService.MAX_LIST_LIMIT, JobService.DEFAULT_LIST_LIMIT));
        ctx.json(Map.of("jobs", found));
    }

    void cancel(Context ctx) {
        Params.of(ctx, Set.of());
        long id = ApiRoutes.pathId(ctx, "id");
        try {
            ctx.json(jobs.cancel(id));
        } catch (JobNotFoundException e) {
            throw ApiRoutes.notFound(e);
        }
    }

    /** The body as a job request; unknown fields and wrong types are 400s naming the field. */
    static JobRequest request(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body", "send a JSON object such as {\"feed\": \"actris\", \"kind\": "
                    + "\"incremental\"}");
        }
        if (body.length() > MAX_BODY) {
            throw ApiException.badRequest("body", "larger than 64 KB");
        }
        JsonNode node;
        try {
            node = WebJson.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("body", "not valid JSON: " + reason(e));
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body", "must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest(name, "unknown field \"" + Params.shorten(name) + "\" (fields: "
                        + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
            }
        }
        return new JobRequest(text(node, "feed"), text(node, "kind"), text(node, "resource"), keys(node),
                text(node, "filter"), bool(node, "dryRun"));
    }

    /** The parser's first line, cut short: it says what and where (line, column) without echoing the body. */
    private static String reason(com.fasterxml.jackson.core.JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
        return (message.length() > 120 ? message.substring(0, 120) + "…" : message) + at;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static List<String> keys(JsonNode node) {
        JsonNode value = node.get("listingKeys");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw ApiException.badRequest("listingKeys", "listingKeys must be a list of strings");
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode key : value) {
            if (!key.isTextual()) {
                throw ApiException.badRequest("listingKeys", "listingKeys must be a list of strings");
            }
            keys.add(key.textValue());
        }
        return keys;
    }
}
