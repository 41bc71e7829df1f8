package dev.mlsync.sim;

import java.time.Duration;

/**
 * How the simulator's RETS 1.7.2 server ({@link SimProfile#RETS}) behaves.
 *
 * @param username        the RETS user name Login accepts
 * @param password        its password (never logged or echoed)
 * @param auth            the HTTP authentication scheme Login demands
 * @param sessionTimeout  a session not used for this long is expired; the next transaction gets HTTP 401 with
 *                        ReplyCode 20701 and the client must log in again
 * @param sessionRequests a session expires after this many transactions (Login excluded); 0 = no such limit. Lets a
 *                        test force an expiry mid-run without waiting
 * @param maxRows         the server's cap on rows per Search, whatever the client's Limit; {@code <MAXROWS/>} marks
 *                        a page it truncated
 * @param delimiter       the COMPACT column delimiter, sent as {@code <DELIMITER value="hh"/>}
 * @param uaPassword      when set, every transaction must carry {@code RETS-UA-Authorization: Digest
 *                        MD5(MD5(User-Agent:uaPassword):RETS-Request-ID:session-id:RETS-Version)} (session id empty
 *                        at Login), else ReplyCode 20041; null = not required
 * @param paging          how Search orders and pages rows; {@link Paging#ORDERED} by default
 */
public record RetsOptions(String username, String password, Auth auth, Duration sessionTimeout, int sessionRequests,
                          int maxRows, char delimiter, String uaPassword, Paging paging) {

    /** Default user name. */
    public static final String DEFAULT_USERNAME = "simuser";
    /** Default password. */
    public static final String DEFAULT_PASSWORD = "simpass";
    /** Default idle session timeout. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(600);
    /** Default cap on rows per Search. */
    public static final int DEFAULT_MAX_ROWS = 2500;

    /** The HTTP authentication a RETS server asks for at Login. */
    public enum Auth {
        /** RFC 2617 Digest, MD5, qop=auth (the RETS default). */
        DIGEST,
        /** RFC 7617 Basic. */
        BASIC
    }

    /** How a Search orders its rows and honours Offset. */
    public enum Paging {
        /** By (LIST_87, LIST_1): a timestamp/key cursor pages exactly (the default). */
        ORDERED,
        /** By LIST_1 only, as many servers do: the last row's timestamp is no cursor. */
        BY_KEY,
        /** Ordered, but Offset is ignored and every page is the first: broken paging a client must detect. */
        IGNORES_OFFSET
    }

    /** Options without user-agent authentication, paging {@link Paging#ORDERED}. */
    public RetsOptions(String username, String password, Auth auth, Duration sessionTimeout, int sessionRequests,
                       int maxRows, char delimiter) {
        this(username, password, auth, sessionTimeout, sessionRequests, maxRows, delimiter, null, Paging.ORDERED);
    }

    public RetsOptions {
        if (username == null || username.isEmpty() || username.contains(":")) {
            throw new IllegalArgumentException("rets.username must be non-empty and contain no ':'");
        }
        if (password == null) {
            throw new IllegalArgumentException("rets.password must not be null");
        }
        if (paging == null) {
            throw new IllegalArgumentException("rets.paging must not be null");
        }
        if (auth == null) {
            throw new IllegalArgumentException("rets.auth must not be null");
        }
        if (sessionTimeout == null || sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("rets.sessionTimeout must be > 0, was " + sessionTimeout);
        }
        if (sessionRequests < 0) {
            throw new IllegalArgumentException("rets.sessionRequests must be >= 0, was " + sessionRequests);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("rets.maxRows must be >= 1, was " + maxRows);
        }
        if (delimiter == '<' || delimiter == '>' || delimiter == '&' || delimiter == '\r' || delimiter == '\n'
                || delimiter > 0x7e) {
            throw new IllegalArgumentException("rets.delimiter must be an ASCII character other than < > & CR LF, was 0x"
                    + Integer.toHexString(delimiter));
        }
    }

    /** simuser / simpass, Digest, 600 s idle timeout, no request limit, 2500 rows, tab delimiter. */
    public static RetsOptions defaults() {
        return new RetsOptions(DEFAULT_USERNAME, DEFAULT_PASSWORD, Auth.DIGEST, DEFAULT_SESSION_TIMEOUT, 0,
                DEFAULT_MAX_ROWS, '\t');
    }

    /** A copy accepting these credentials. */
    public RetsOptions withCredentials(String user, String pass) {
        return new RetsOptions(user, pass, auth, sessionTimeout, sessionRequests, maxRows, delimiter, uaPassword, paging);
    }

    /** A copy demanding another authentication scheme. */
    public RetsOptions withAuth(Auth a) {
        return new RetsOptions(username, password, a, sessionTimeout, sessionRequests, maxRows, delimiter, uaPassword, paging);
    }

    /** A copy with another idle session timeout. */
    public RetsOptions withSessionTimeout(Duration d) {
        return new RetsOptions(username, password, auth, d, sessionRequests, maxRows, delimiter, uaPassword, paging);
    }

    /** A copy whose sessions expire after {@code n} transactions (0 = never by count). */
    public RetsOptions withSessionRequests(int n) {
        return new RetsOptions(username, password, auth, sessionTimeout, n, maxRows, delimiter, uaPassword, paging);
    }

    /** A copy with another server row cap. */
    public RetsOptions withMaxRows(int n) {
        return new RetsOptions(username, password, auth, sessionTimeout, sessionRequests, n, delimiter, uaPassword, paging);
    }

    /** A copy with another COMPACT delimiter. */
    public RetsOptions withDelimiter(char c) {
        return new RetsOptions(username, password, auth, sessionTimeout, sessionRequests, maxRows, c, uaPassword, paging);
    }

    /** A copy requiring RETS-UA-Authorization with this user-agent password (null = not required). */
    public RetsOptions withUaPassword(String p) {
        return new RetsOptions(username, password, auth, sessionTimeout, sessionRequests, maxRows, delimiter, p, paging);
    }

    /** A copy paging another way. */
    public RetsOptions withPaging(Paging p) {
        return new RetsOptions(username, password, auth, sessionTimeout, sessionRequests, maxRows, delimiter, uaPassword, p);
    }

    /** The delimiter as the two hex digits of {@code <DELIMITER value="09"/>}. */
    public String delimiterHex() {
        return String.format("%02X", (int) delimiter);
    }

    @Override
    public String toString() {
        return "RetsOptions[username=" + username + ", auth=" + auth + ", sessionTimeout=" + sessionTimeout
                + ", sessionRequests=" + sessionRequests + ", maxRows=" + maxRows + ", delimiter=" + delimiterHex()
                + ", uaAuthorization=" + (uaPassword != null) + ", paging=" + paging + "]";
    }
}
