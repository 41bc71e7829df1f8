package dev.mlsync.testing;

import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads what a feed's replica holds and compares it with the simulator's ground truth. */
public final class Replica {
    private final String url;
    private final String feedId;

    public Replica(String url, String feedId) {
        this.url = url;
        this.feedId = feedId;
    }

    /** Differences between the replica and the truth; empty when the replica is exact. */
    public List<String> differencesFrom(Simulator sim) throws SQLException {
        Map<String, Row> rows = listings();
        List<String> problems = new ArrayList<>();
        for (TruthRecord truth : sim.truth("Property")) {
            Row row = rows.remove(truth.key());
            if (truth.deleted()) {
                if (row != null && !row.deleted) {
                    problems.add(truth.key() + ": deleted at the provider but live in the replica");
                }
                continue;
            }
            if (row == null || row.deleted) {
                problems.add(truth.key() + ": " + (row == null ? "missing" : "marked deleted"));
            } else if (!row.modified.equals(truth.modificationTimestamp())) {
                problems.add(truth.key() + ": stale, " + row.modified + " instead of " + truth.modificationTimestamp());
            } else if (!row.media.equals(new TreeSet<>(truth.mediaKeys()))) {
                problems.add(truth.key() + ": media " + row.media + " instead of " + new TreeSet<>(truth.mediaKeys()));
            }
        }
        rows.forEach((key, row) -> {
            if (!row.deleted) {
                problems.add(key + ": in the replica but not at the provider");
            }
        });
        return problems;
    }

    /** Differences for a resource other than Property (key and timestamp). */
    public List<String> recordDifferencesFrom(Simulator sim, String resource) throws SQLException {
        Map<String, Instant> stored = new HashMap<>();
        query("SELECT record_key, modification_timestamp FROM resource_record WHERE feed_id = '" + feedId
                + "' AND resource = '" + resource + "' AND deleted_at IS NULL", rs -> stored.put(rs.getString(1),
                rs.getTimestamp(2).toInstant()));
        List<String> problems = new ArrayList<>();
        for (TruthRecord truth : sim.truth(resource)) {
            Instant modified = stored.remove(truth.key());
            if (truth.deleted()) {
                continue;
            }
            if (modified == null) {
                problems.add(resource + " " + truth.key() + ": missing");
            } else if (!modified.equals(truth.modificationTimestamp())) {
                problems.add(resource + " " + truth.key() + ": stale");
            }
        }
        stored.keySet().forEach(key -> problems.add(resource + " " + key + ": extra"));
        return problems;
    }

    private Map<String, Row> listings() throws SQLException {
        Map<String, Row> rows = new HashMap<>();
        query("SELECT listing_key, modification_timestamp, deleted_at IS NOT NULL FROM listing WHERE feed_id = '"
                + feedId + "'", rs -> rows.put(rs.getString(1),
                new Row(rs.getTimestamp(2).toInstant(), rs.getBoolean(3), new TreeSet<>())));
        query("SELECT listing_key, media_key FROM listing_media WHERE feed_id = '" + feedId
                + "' AND deleted_at IS NULL", rs -> {
                    Row row = rows.get(rs.getString(1));
                    if (row != null) {
                        row.media.add(rs.getString(2));
                    }
                });
        return rows;
    }

    public long count(String sql) throws SQLException {
        long[] result = new long[1];
        query(sql, rs -> result[0] = rs.getLong(1));
        return result[0];
    }

    public List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        query(sql, rs -> values.add(rs.getString(1)));
        return values;
    }

    private void query(String sql, RowConsumer consumer) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                consumer.accept(rs);
            }
        }
    }

    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private record Row(Instant modified, boolean deleted, TreeSet<String> media) {
    }
}
