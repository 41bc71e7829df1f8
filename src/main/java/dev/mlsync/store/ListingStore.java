package dev.mlsync.store;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read queries over the replicated listings for the API, as the user sees them: {@code listing_effective}, the
 * MLS copy with local overrides applied (filters apply to the effective values). Only live (not deleted)
 * listings are listed.
 */
public final class ListingStore {
    private static final String COLUMNS = """
            feed_id, listing_key, listing_id, standard_status, property_type, list_price, unparsed_address, city,
            state_or_province, postal_code, bedrooms_total, bathrooms_total, living_area, latitude, longitude,
            photos_count, modification_timestamp, deleted_at, overridden_fields""";

    private final Jdbi jdbi;

    ListingStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Up to {@code filter.limit()} listings in the filter's order after its position. */
    public List<ListingSummary> find(ListingFilter filter) {
        List<String> where = new ArrayList<>(List.of("deleted_at IS NULL"));
        addIf(where, filter.feedId() != null, "feed_id = :feed");
        addIf(where, filter.status() != null, "standard_status = :status");
        addIf(where, filter.city() != null, "lower(city) = lower(:city)");
        addIf(where, filter.minPrice() != null, "list_price >= :minPrice");
        addIf(where, filter.maxPrice() != null, "list_price <= :maxPrice");
        addIf(where, filter.updatedSince() != null, "modification_timestamp >= :updatedSince");
        addIf(where, filter.afterKey() != null, filter.byModification()
                ? "(modification_timestamp, feed_id, listing_key) > (:afterModified, :afterFeed, :afterKey)"
                : "(feed_id, listing_key) > (:afterFeed, :afterKey)");
        String sql = "SELECT " + COLUMNS + " FROM listing_effective WHERE " + String.join(" AND ", where) + " ORDER BY "
                + (filter.byModification() ? "modification_timestamp, " : "") + "feed_id, listing_key LIMIT :limit";
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql).bind("limit", filter.limit());
            bindIf(query, "feed", filter.feedId());
            bindIf(query, "status", filter.status());
            bindIf(query, "city", filter.city());
            bindIf(query, "minPrice", filter.minPrice());
            bindIf(query, "maxPrice", filter.maxPrice());
            bindIf(query, "updatedSince", filter.updatedSince());
            bindIf(query, "afterModified", filter.afterModified());
            bindIf(query, "afterFeed", filter.afterFeed());
            bindIf(query, "afterKey", filter.afterKey());
            return query.map((rs, ctx) -> summary(rs)).list();
        });
    }

    /** The listing (deleted ones too, with their deletion time) and its live media in order. */
    public Optional<ListingDetail> get(String feedId, String listingKey) {
        return jdbi.withHandle(handle -> {
            Optional<ListingDetail> listing = handle.createQuery("SELECT " + COLUMNS + ", raw::text FROM listing_effective "
                            + "WHERE feed_id = :feed AND listing_key = :key")
                    .bind("feed", feedId).bind("key", listingKey)
                    .map((rs, ctx) -> new ListingDetail(summary(rs), rs.getString(20), List.of(), List.of()))
                    .findOne();
            return listing.map(found -> new ListingDetail(found.listing(), found.rawJson(), handle.createQuery("""
                            SELECT (to_jsonb(m) - 'raw' - 'feed_id' - 'listing_key')::text FROM listing_media m
                            WHERE feed_id = :feed AND listing_key = :key AND deleted_at IS NULL
                            ORDER BY position NULLS LAST, media_key""")
                    .bind("feed", feedId).bind("key", listingKey).mapTo(String.class).list(),
                    OverrideStore.overrides(handle, feedId, listingKey)));
        });
    }

    private static void addIf(List<String> where, boolean condition, String clause) {
        if (condition) {
            where.add(clause);
        }
    }

    private static void bindIf(Query query, String name, Object value) {
        if (value != null) {
            query.bind(name, value);
        }
    }

    private static ListingSummary summary(ResultSet rs) throws SQLException {
        return new ListingSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), (Integer) rs.getObject(11), rs.getBigDecimal(12), rs.getBigDecimal(13),
                (Double) rs.getObject(14), (Double) rs.getObject(15), (Integer) rs.getObject(16),
                HistoryStore.instant(rs.getTimestamp(17)), HistoryStore.instant(rs.getTimestamp(18)),
                List.of((String[]) rs.getArray(19).getArray()));
    }
}
