package dev.mlsync.sim;

import java.util.Set;

/**
 * The quirks of the provider a simulator imitates, as capability flags and caps, so that request handling
 * never switches on the profile itself.
 */
final class ProfileRules {
    private static final Set<String> MLSGRID_FILTER_FIELDS = Set.of("ModificationTimestamp", "PhotosChangeTimestamp",
            "OriginatingSystemName", "MlgCanView", "StandardStatus", "ListingId", "ResourceRecordKey");
    private static final int MLSGRID_MAX_OR = 5;
    private static final int DEFAULT_TOP = 1000;

    private final SimProfile profile;

    ProfileRules(SimProfile profile) {
        this.profile = profile;
    }

    SimProfile profile() {
        return profile;
    }

    /** Largest {@code $top} on a resource path. */
    int maxTop(String resource, boolean expand, boolean replication) {
        return switch (profile) {
            case MLSGRID -> expand ? 1000 : 5000;
            case TRESTLE, SPARK -> 1000;
            case BRIDGE -> replication ? 2000 : (resource.equals("Property") ? 200 : 1000);
            case RESO, RETS -> 5000;
        };
    }

    int defaultTop(String resource, boolean expand, boolean replication) {
        return Math.min(DEFAULT_TOP, maxTop(resource, expand, replication));
    }

    /** Deleted listings show StandardStatus "Delete" (all but MLS Grid, which sets MlgCanView false). */
    boolean deletesByStatus() {
        return profile != SimProfile.MLSGRID;
    }

    boolean hasMlgCanView() {
        return profile == SimProfile.MLSGRID;
    }

    boolean hasBridgeModificationTimestamp() {
        return profile == SimProfile.BRIDGE;
    }

    boolean mediaOrderIsString() {
        return profile == SimProfile.BRIDGE;
    }

    boolean embedsMedia() {
        return profile == SimProfile.BRIDGE;
    }

    boolean requiresGzip() {
        return profile == SimProfile.MLSGRID;
    }

    boolean requiresIssuedToken() {
        return profile == SimProfile.TRESTLE;
    }

    boolean nextLinkBeforeValue() {
        return profile == SimProfile.TRESTLE;
    }

    boolean relativeNextLink() {
        return profile == SimProfile.BRIDGE;
    }

    boolean pagesBySkipToken() {
        return profile == SimProfile.SPARK;
    }

    /** RETS 1.7.2 transactions under {@code /rets2_1/} instead of OData; photos stay public at {@code /media/}. */
    boolean servesRets() {
        return profile == SimProfile.RETS;
    }

    /** MLS Grid (since 2026-06-01): a media download must send the access token as its User-Agent. */
    boolean mediaUserAgentIsToken() {
        return profile == SimProfile.MLSGRID;
    }

    /** MLS Grid (reported from 2026-09-08): one fetch per media URL per hour; a repeat answers 429. Zero: no rule. */
    java.time.Duration mediaUrlReuseWindow() {
        return profile == SimProfile.MLSGRID ? java.time.Duration.ofHours(1) : java.time.Duration.ZERO;
    }

    boolean hasReplicationEndpoint() {
        return profile == SimProfile.BRIDGE;
    }

    /** Rejects filters the provider would reject; MLS Grid is the only strict one. */
    void checkFilter(FilterExpr filter) {
        if (profile != SimProfile.MLSGRID) {
            return;
        }
        if (filter == null) {
            throw SimHttpException.badRequest("$filter must contain exactly one OriginatingSystemName eq '...' clause");
        }
        FilterStats stats = FilterStats.of(filter);
        if (stats.originatingSystemEquals() != 1) {
            throw SimHttpException.badRequest("$filter must contain exactly one OriginatingSystemName eq '...' clause, found "
                    + stats.originatingSystemEquals());
        }
        if (stats.ors() > MLSGRID_MAX_OR) {
            throw SimHttpException.badRequest("$filter has " + stats.ors() + " 'or' operators, at most " + MLSGRID_MAX_OR
                    + " are allowed; use 'in (...)'");
        }
        for (String field : stats.fields()) {
            if (!MLSGRID_FILTER_FIELDS.contains(field)) {
                throw SimHttpException.badRequest("$filter may not use field '" + field + "'; filterable fields are "
                        + MLSGRID_FILTER_FIELDS.stream().sorted().toList());
            }
        }
    }
}
