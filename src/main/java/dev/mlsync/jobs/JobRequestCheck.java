package dev.mlsync.jobs;

import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates job requests and job queries field by field; the first bad field is reported. */
final class JobRequestCheck {
    /** Keys per partial sync: one {@code in (…)} list, well inside every provider's URL limits. */
    static final int MAX_LISTING_KEYS = 100;
    static final int MAX_KEY_LENGTH = 255;

    private final MlsyncConfig config;
    private final Set<JobKind> handledKinds;
    private final PartialSyncSupport partialSync;

    JobRequestCheck(MlsyncConfig config, Set<JobKind> handledKinds, PartialSyncSupport partialSync) {
        this.config = config;
        this.handledKinds = Set.copyOf(handledKinds);
        this.partialSync = partialSync;
    }

    /** The request with its defaults filled in (a listingKeys sync is of Property), or an exception. */
    JobRequest validated(JobRequest request) {
        if (request == null) {
            throw new JobRequestException("feed", "required");
        }
        FeedConfig feed = feed(request.feed());
        JobKind kind = kind(request.kind());
        boolean replication = kind == JobKind.INCREMENTAL || kind == JobKind.FULL;
        String resource = resource(feed, kind, request.resource());
        List<String> keys = request.listingKeys();
        if (keys != null) {
            if (kind != JobKind.MEDIA) {
                checkPartial(feed, replication, "listingKeys");
            }
            checkKeys(keys);
            if (resource != null && !resource.equals("Property")) {
                throw new JobRequestException("listingKeys", "names listings, so resource must be Property, was "
                        + quote(resource));
            }
            if (!feed.resources().contains("Property")) {
                throw new JobRequestException("listingKeys", "names listings, but feed " + feed.id()
                        + " does not replicate Property");
            }
            resource = "Property";
        }
        String filter = request.filter();
        if (filter != null) {
            checkPartial(feed, replication, "filter");
            filter = ODataFilterCheck.checked(filter);
            if (resource == null && feed.resources().size() > 1) {
                throw new JobRequestException("resource", "required with a filter, since field names differ by "
                        + "resource (feed " + feed.id() + " replicates " + String.join(", ", feed.resources()) + ")");
            }
            resource = resource == null ? feed.resources().getFirst() : resource;
        }
        if (request.dryRun() && !replication && kind != JobKind.RECONCILE) {
            throw new JobRequestException("dryRun", "only incremental, full and reconcile jobs can be dry runs, not "
                    + kind.columnValue());
        }
        return new JobRequest(feed.id(), kind.columnValue(), resource, keys, filter, request.dryRun());
    }

    void query(String feed, String status, int limit) {
        if (feed != null) {
            feed(feed);
        }
        if (status != null && !JobStatus.NAMES.contains(status)) {
            throw new JobRequestException("status", "unknown status " + quote(status) + "; one of "
                    + String.join(", ", JobStatus.NAMES));
        }
        if (limit < 1 || limit > JobService.MAX_LIST_LIMIT) {
            throw new JobRequestException("limit", "must be between 1 and " + JobService.MAX_LIST_LIMIT + ", was " + limit);
        }
    }

    private FeedConfig feed(String id) {
        if (id == null || id.isBlank()) {
            throw new JobRequestException("feed", "required");
        }
        return config.feed(id).orElseThrow(() -> new JobRequestException("feed", "no feed " + quote(id)
                + " is configured (feeds: " + config.feeds().stream().map(FeedConfig::id)
                .collect(Collectors.joining(", ")) + ")"));
    }

    private JobKind kind(String name) {
        if (name == null || name.isBlank()) {
            throw new JobRequestException("kind", "required; one of " + String.join(", ", JobKind.NAMES));
        }
        if (!JobKind.NAMES.contains(name)) {
            throw new JobRequestException("kind", "unknown kind " + quote(name) + "; one of "
                    + String.join(", ", JobKind.NAMES));
        }
        JobKind kind = JobKind.of(name);
        if (!handledKinds.contains(kind)) {
            throw new JobRequestException("kind", kind.columnValue() + " jobs are not available in this mlsync build");
        }
        return kind;
    }

    private static String resource(FeedConfig feed, JobKind kind, String resource) {
        if (resource == null) {
            return null;
        }
        if (!feed.resources().contains(resource)) {
            throw new JobRequestException("resource", "feed " + feed.id() + " does not replicate " + quote(resource)
                    + " (resources: " + String.join(", ", feed.resources()) + ")");
        }
        if (kind == JobKind.MEDIA && !resource.equals("Property")) {
            throw new JobRequestException("resource", kind.columnValue() + " jobs work on Property, not " + quote(resource));
        }
        return resource;
    }

    private void checkPartial(FeedConfig feed, boolean replication, String field) {
        if (!replication) {
            throw new JobRequestException(field, "only incremental and full jobs can be partial syncs"
                    + ("listingKeys".equals(field) ? " (and media jobs name listings)" : ""));
        }
        String refusal = partialSync.refusal(feed);
        if (refusal != null) {
            throw new JobRequestException(field, "feed " + feed.id() + " cannot run a partial sync: " + refusal);
        }
    }

    private static void checkKeys(List<String> keys) {
        if (keys.isEmpty()) {
            throw new JobRequestException("listingKeys", "must name at least one listing key");
        }
        if (keys.size() > MAX_LISTING_KEYS) {
            throw new JobRequestException("listingKeys", "at most " + MAX_LISTING_KEYS + " keys per job, was "
                    + keys.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            String where = "key " + (i + 1) + " of " + keys.size();
            if (key == null || key.isBlank()) {
                throw new JobRequestException("listingKeys", where + " is empty");
            }
            if (key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
                throw new JobRequestException("listingKeys", where + " is not a listing key (at most "
                        + MAX_KEY_LENGTH + " characters, no control characters)");
            }
            if (!seen.add(key)) {
                throw new JobRequestException("listingKeys", where + " repeats " + quote(key));
            }
        }
    }

    static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "\"" + shown + "\"";
    }
}
