package dev.mlsync.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RETS sessions by the {@code RETS-Session-ID} cookie Login sets, and the Digest nonces it hands out. A session
 * expires when unused for {@link RetsOptions#sessionTimeout()}, after {@link RetsOptions#sessionRequests()}
 * transactions, at Logout, or by {@link #expireAll()}; ids and nonces are a function of the seed and a counter.
 */
final class RetsSessions {
    static final String COOKIE = "RETS-Session-ID";

    /** A logged-in session. */
    static final class Session {
        final String id;
        final String username;
        final Instant loggedIn;
        Instant lastUsed;
        int transactions;

        Session(String id, String username, Instant loggedIn) {
            this.id = id;
            this.username = username;
            this.loggedIn = loggedIn;
            this.lastUsed = loggedIn;
        }
    }

    private final RetsOptions options;
    private final Clock clock;
    private final long seed;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicLong counter = new AtomicLong();

    RetsSessions(RetsOptions options, Clock clock, long seed) {
        this.options = options;
        this.clock = clock;
        this.seed = seed;
    }

    Session open(String username) {
        Session session = new Session(token(32), username, clock.instant());
        sessions.put(session.id, session);
        return session;
    }

    /** The live session for a cookie value, counting one transaction on it; null when missing or expired. */
    Session use(String id) {
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            return null;
        }
        synchronized (session) {
            Instant now = clock.instant();
            boolean idle = Duration.between(session.lastUsed, now).compareTo(options.sessionTimeout()) >= 0;
            boolean used = options.sessionRequests() > 0 && session.transactions >= options.sessionRequests();
            if (idle || used) {
                sessions.remove(id);
                return null;
            }
            session.lastUsed = now;
            session.transactions++;
            return session;
        }
    }

    /** The session for a cookie without counting a transaction or checking expiry (for the request log). */
    Session peek(String id) {
        return id == null ? null : sessions.get(id);
    }

    void close(String id) {
        sessions.remove(id);
    }

    /** Ends every session now; their next transaction gets HTTP 401 / ReplyCode 20701. */
    int expireAll() {
        int n = sessions.size();
        sessions.clear();
        return n;
    }

    String newNonce() {
        String nonce = token(32).toLowerCase(java.util.Locale.ROOT);
        nonces.add(nonce);
        return nonce;
    }

    boolean isIssued(String nonce) {
        return nonce != null && nonces.contains(nonce);
    }

    String opaque() {
        return String.format("%016x", Dataset.mix(seed ^ 0x0BADC0FFEEL));
    }

    private String token(int hexDigits) {
        long n = counter.incrementAndGet();
        String text = String.format("%016X%016X", Dataset.mix(seed + n), Dataset.mix(seed * 31 + n * 0x9E3779B97F4A7C15L));
        return text.substring(0, hexDigits);
    }
}
