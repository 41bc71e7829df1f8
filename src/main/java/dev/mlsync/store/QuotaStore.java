package dev.mlsync.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Quota windows and credential state in PostgreSQL ({@code V2__quota.sql}). Every change locks the
 * credential's row first, so concurrent processes see each other's use and never both take the
 * last unit of a window.
 */
public final class QuotaStore {
    private final Jdbi jdbi;

    QuotaStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What a decision made under the credential's lock wants written before the lock is released. */
    public interface Ledger {
        QuotaCredentialRow state();

        void setWindow(String name, Instant start, long used);
    }

    /**
     * Runs {@code decide} with the credential's state locked ({@code SELECT … FOR UPDATE}, the row is
     * created on first use) and commits the windows it set. An exception from {@code decide} rolls back.
     */
    public <T> T withLocked(String credentialId, Instant now, Function<Ledger, T> decide) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            QuotaCredentialRow state = lock(handle, credentialId, now);
            Map<String, QuotaWindowRow> changed = new HashMap<>();
            T result = decide.apply(new Ledger() {
                @Override
                public QuotaCredentialRow state() {
                    return state;
                }

                @Override
                public void setWindow(String name, Instant start, long used) {
                    changed.put(name, new QuotaWindowRow(name, start, used));
                }
            });
            changed.values().forEach(row -> upsertWindow(handle, credentialId, row));
            return result;
        });
    }

    /** Obeys Retry-After across processes: never moves {@code blocked_until} earlier. */
    public void blockUntil(String credentialId, Instant until, Instant now) {
        jdbi.useTransaction(handle -> {
            lock(handle, credentialId, now);
            handle.createUpdate("""
                    UPDATE quota_credential
                    SET blocked_until = greatest(blocked_until, :until), updated_at = :now
                    WHERE credential_id = :id""")
                    .bind("id", credentialId).bind("until", until).bind("now", now).execute();
        });
    }

    /**
     * Counts a 429; the {@code threshold}-th in a row opens the breaker until {@code suspendUntil}
     * and restarts the count. Returns the suspension end when this answer opened the breaker.
     */
    public Optional<Instant> recordLimited(String credentialId, int threshold, Instant suspendUntil, Instant now) {
        return jdbi.inTransaction(handle -> {
            int count = lock(handle, credentialId, now).consecutiveLimited() + 1;
            boolean open = count >= threshold;
            handle.createUpdate("""
                    UPDATE quota_credential
                    SET consecutive_limited = :count, updated_at = :now,
                        suspended_until = CASE WHEN :open THEN :until ELSE suspended_until END
                    WHERE credential_id = :id""")
                    .bind("id", credentialId).bind("count", open ? 0 : count).bind("open", open)
                    .bind("until", suspendUntil).bind("now", now).execute();
            return open ? Optional.of(suspendUntil) : Optional.<Instant>empty();
        });
    }

    /** A non-429 answer ends a run of 429s. Cheap when there was none: no lock, no write. */
    public void recordAnswered(String credentialId, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate("""
                UPDATE quota_credential SET consecutive_limited = 0, updated_at = :now
                WHERE credential_id = :id AND consecutive_limited <> 0""")
                .bind("id", credentialId).bind("now", now).execute());
    }

    /** Publishes the adaptive rate for {@code mlsync status}; null = back at the ceiling. */
    public void saveAdaptiveRate(String credentialId, Double rate, Instant now) {
        jdbi.useTransaction(handle -> {
            lock(handle, credentialId, now);
            handle.createUpdate("""
                    UPDATE quota_credential SET adaptive_rate = :rate, updated_at = :now
                    WHERE credential_id = :id""")
                    .bind("id", credentialId).bind("rate", rate).bind("now", now).execute();
        });
    }

    /** Every credential's state, for {@code mlsync status}. */
    public List<QuotaCredentialRow> credentials() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT credential_id FROM quota_credential ORDER BY 1")
                .mapTo(String.class).list().stream().map(id -> read(handle, id)).toList());
    }

    public Optional<QuotaCredentialRow> credential(String credentialId) {
        return jdbi.withHandle(handle -> Optional.ofNullable(read(handle, credentialId)));
    }

    private static QuotaCredentialRow lock(Handle handle, String credentialId, Instant now) {
        handle.createUpdate("""
                INSERT INTO quota_credential (credential_id, updated_at) VALUES (:id, :now)
                ON CONFLICT (credential_id) DO NOTHING""").bind("id", credentialId).bind("now", now).execute();
        handle.createQuery("SELECT 1 FROM quota_credential WHERE credential_id = :id FOR UPDATE")
                .bind("id", credentialId).mapTo(Integer.class).one();
        return read(handle, credentialId);
    }

    private static QuotaCredentialRow read(Handle handle, String credentialId) {
        Map<String, QuotaWindowRow> windows = new HashMap<>();
        handle.createQuery("""
                SELECT window_name, window_start, used FROM quota_window WHERE credential_id = :id""")
                .bind("id", credentialId)
                .map((rs, ctx) -> new QuotaWindowRow(rs.getString(1), instant(rs, 2), rs.getLong(3)))
                .forEach(row -> windows.put(row.name(), row));
        return handle.createQuery("""
                SELECT blocked_until, suspended_until, consecutive_limited, adaptive_rate
                FROM quota_credential WHERE credential_id = :id""")
                .bind("id", credentialId)
                .map((rs, ctx) -> new QuotaCredentialRow(credentialId, instant(rs, 1), instant(rs, 2), rs.getInt(3),
                        rs.getObject(4) == null ? null : rs.getDouble(4), windows))
                .findOne().orElse(null);
    }

    private static void upsertWindow(Handle handle, String credentialId, QuotaWindowRow row) {
        handle.createUpdate("""
                INSERT INTO quota_window (credential_id, window_name, window_start, used)
                VALUES (:id, :name, :start, :used)
                ON CONFLICT (credential_id, window_name)
                DO UPDATE SET window_start = excluded.window_start, used = excluded.used""")
                .bind("id", credentialId).bind("name", row.name()).bind("start", row.start()).bind("used", row.used())
                .execute();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
