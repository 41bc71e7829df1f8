package dev.mlsync.web;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.replicate.ListingDiff;
import dev.mlsync.source.SourceException;
import io.javalin.http.Context;

import java.util.List;

/**
 * {@code GET /api/listings/{feed}/{key}/diff[?resource=R]}: the record fetched from the provider now (through the
 * feed's quota) against the replica's copy, field by field ({@link ListingDiff}). 404 when neither side has it,
 * 409 when the provider cannot be asked for one record by key, 502 when the provider's answer failed.
 */
final class DiffRoutes {
    private final WebServices services;

    DiffRoutes(WebServices services) {
        this.services = services;
    }

    void diff(Context ctx) {
        Params params = Params.of(ctx, List.of("resource"));
        String feedId = ctx.pathParam("feed");
        String key = ctx.pathParam("key");
        FeedConfig feed = services.config().feed(feedId).orElseThrow(() -> ApiException.notFound("feed",
                "no feed \"" + Params.shorten(feedId) + "\" is configured"));
        String resource = params.text("resource") == null ? "Property" : params.text("resource");
        if (!feed.resources().contains(resource)) {
            throw ApiException.badRequest("resource", "feed " + feed.id() + " does not replicate \""
                    + Params.shorten(resource) + "\" (resources: " + String.join(", ", feed.resources()) + ")");
        }
        if (services.diff() == null) {
            throw new ApiException(409, "feed", "comparing with the provider is not available in this server");
        }
        ListingDiff.Result result;
        try {
            result = services.diff().diff(feed, resource, key);
        } catch (ListingDiff.DiffUnavailableException e) {
            throw new ApiException(409, "feed", e.getMessage());
        } catch (SourceException e) {
            throw new ApiException(502, "feed", "the provider's answer failed: " + e.getMessage());
        }
        if (!result.inReplica() && !result.atProvider()) {
            throw ApiException.notFound("key", "neither the replica nor the provider of feed " + feed.id() + " has "
                    + resource + " \"" + Params.shorten(key) + "\"");
        }
        ctx.json(result);
    }
}
