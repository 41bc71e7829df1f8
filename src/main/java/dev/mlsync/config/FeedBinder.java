package dev.mlsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reads one entry of {@code feeds:}. */
final class FeedBinder {
    static final List<String> RESOURCES = List.of("Property", "Member", "Office", "OpenHouse");
    private static final List<String> KEYS = List.of("id", "provider", "baseUrl", "auth", "originatingSystem",
            "resources", "pageSize", "overrides", "limits", "quota", "schedule", "rets", "lifecycle", "media");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final List<String> PROVIDER_NAMES = Arrays.stream(Provider.values()).map(Provider::configName).toList();

    private FeedBinder() {
    }

    /** The feed as far as it could be read; with problems recorded, some components may be null. */
    static FeedConfig bind(Mapping feed) {
        feed.allowOnly(KEYS);
        String id = id(feed);
        Provider provider = provider(feed);
        URI baseUrl = HttpUrls.parse(feed.requiredText("baseUrl"), feed.pathOf("baseUrl"), feed.problems());
        AuthConfig auth = AuthBinder.bind(feed, provider);
        String originatingSystem = feed.text("originatingSystem");
        List<String> resources = resources(feed);
        ProfileOverrides overrides = OverridesBinder.bind(feed);
        Integer pageSize = feed.integer("pageSize");
        RateLimits limits = LimitsBinder.limits(feed);
        QuotaConfig quota = LimitsBinder.quota(feed);
        ScheduleConfig schedule = ScheduleBinder.schedule(feed);
        RetsConfig rets = RetsBinder.bind(feed, provider);
        if (provider == Provider.RETS && !resources.equals(FeedConfig.DEFAULT_RESOURCES)) {
            feed.problems().add(feed.pathOf("resources"), "a rets feed replicates [Property] (rets.resource and "
                    + "rets.class say what is searched); leave resources out");
        }
        ProviderPreset preset = provider == null ? null : ProviderPreset.of(provider);
        if (preset != null && preset.requiresOriginatingSystem() && !feed.has("originatingSystem")) {
            feed.problems().add(feed.pathOf("originatingSystem"),
                    "required for " + provider.configName() + " (every query must name its OriginatingSystemName)");
        }
        // A RETS baseUrl is the Login URL itself, not a directory other paths resolve beneath.
        URI root = baseUrl == null || provider == Provider.RETS ? baseUrl : HttpUrls.asDirectory(baseUrl);
        return new FeedConfig(id, provider, root, auth,
                originatingSystem, resources, preset == null ? 0 : pageSize(pageSize, feed, preset, overrides), overrides,
                limits, quota, schedule, rets, LifecycleBinder.lifecycle(feed), LifecycleBinder.media(feed));
    }

    private static String id(Mapping feed) {
        String id = feed.requiredText("id");
        if (id != null && !ID.matcher(id).matches()) {
            feed.problems().add(feed.pathOf("id"), "invalid feed id " + Mapping.quote(id)
                    + "; use 1 to 63 lowercase letters, digits, '_' or '-', starting with a letter or digit");
            return null;
        }
        return id;
    }

    private static Provider provider(Mapping feed) {
        String name = feed.requiredText("provider");
        if (name == null) {
            return null;
        }
        if (!PROVIDER_NAMES.contains(name)) {
            feed.problems().add(feed.pathOf("provider"), "unknown provider " + Mapping.quote(name)
                    + DidYouMean.suffix(name, PROVIDER_NAMES) + " (one of " + String.join(", ", PROVIDER_NAMES) + ")");
            return null;
        }
        return Provider.ofConfigName(name);
    }

    private static List<String> resources(Mapping feed) {
        if (!feed.has("resources")) {
            return FeedConfig.DEFAULT_RESOURCES;
        }
        List<JsonNode> nodes = feed.list("resources");
        if (nodes != null && nodes.isEmpty()) {
            feed.problems().add(feed.pathOf("resources"), "must list at least one resource; leave it out for [Property]");
        }
        List<String> resources = new ArrayList<>();
        for (int i = 0; nodes != null && i < nodes.size(); i++) {
            String path = feed.pathOf("resources") + "[" + i + "]";
            String resource = feed.text(nodes.get(i), path, false);
            if (resource != null && checkResource(resource, resources, path, feed.problems())) {
                resources.add(resource);
            }
        }
        return resources;
    }

    private static boolean checkResource(String resource, List<String> earlier, String path, Problems problems) {
        if (resource.equals("Media")) {
            problems.add(path, "Media comes with Property and is not listed");
        } else if (!RESOURCES.contains(resource)) {
            problems.add(path, "unknown resource " + Mapping.quote(resource) + DidYouMean.suffix(resource, RESOURCES)
                    + " (one of " + String.join(", ", RESOURCES) + ")");
        } else if (earlier.contains(resource)) {
            problems.add(path, "duplicate resource " + Mapping.quote(resource));
        } else {
            return true;
        }
        return false;
    }

    private static int pageSize(Integer pageSize, Mapping feed, ProviderPreset preset, ProfileOverrides overrides) {
        int max = maxPageSize(preset, overrides);
        if (pageSize == null) {
            return Math.min(FeedConfig.DEFAULT_PAGE_SIZE, max);
        }
        if (pageSize < 1) {
            feed.problems().add(feed.pathOf("pageSize"), "must be >= 1, was " + pageSize);
        } else if (pageSize > max) {
            feed.problems().add(feed.pathOf("pageSize"), "must be <= " + max + " for "
                    + preset.provider().configName() + maxReason(preset, overrides) + ", was " + pageSize);
        }
        return pageSize;
    }

    /** With media expanded unless turned off, since a $top above the expand limit is an error at MLS Grid. */
    private static int maxPageSize(ProviderPreset preset, ProfileOverrides overrides) {
        if (overrides.maxPageSize() != null) {
            return overrides.maxPageSize();
        }
        return Boolean.FALSE.equals(overrides.expandMedia()) ? preset.maxPageSize() : preset.maxPageSizeWithExpand();
    }

    private static String maxReason(ProviderPreset preset, ProfileOverrides overrides) {
        if (overrides.maxPageSize() != null) {
            return " (overrides.maxPageSize)";
        }
        if (preset.maxPageSizeWithExpand() < preset.maxPageSize() && !Boolean.FALSE.equals(overrides.expandMedia())) {
            return " with media by $expand (set overrides.expandMedia: false to allow up to " + preset.maxPageSize() + ")";
        }
        return "";
    }
}
