package dev.mlsync.sim;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RETS 1.7.2 transactions under {@code /rets2_1/} ({@link SimProfile#RETS}): Login (Digest or Basic) sets a
 * {@code RETS-Session-ID} cookie and lists capability URLs (some relative, some absolute); Search, GetMetadata and
 * GetObject need that session; Logout ends it. A transaction without a live session gets HTTP 401 with a fresh
 * challenge and {@code <RETS ReplyCode="20701">}: authenticating again is not enough, the client must call Login.
 * GET and POST (form-encoded) are both accepted.
 */
final class RetsServer {
    static final String ROOT = "/rets2_1/";
    static final String VERSION = "RETS/1.7.2";
    static final String METADATA_VERSION = "01.00.00001";
    static final String METADATA_DATE = "2026-01-01T00:00:00Z";
    /** The exchange attribute holding a POST's form body, so the request log shows its parameters. */
    static final int USER_AGENT_AUTH_REQUIRED = 20041;
    static final String FORM_ATTRIBUTE = "dev.mlsync.sim.rets.form";

    /** A transaction that passed authentication or the session check. */
    record Call(String transaction, QueryString params, String credential, boolean media) {
    }

    private final RetsOptions options;
    private final String origin;
    private final RetsSessions sessions;
    private final RetsAuthenticator authenticator;
    private final RetsSearch search;
    private final RetsMetadata metadata;
    private final RetsObjects objects;

    RetsServer(SimOptions simOptions, SimState state, String origin) {
        this.options = simOptions.rets();
        this.origin = origin;
        this.sessions = new RetsSessions(options, simOptions.clock(), simOptions.seed());
        this.authenticator = new RetsAuthenticator(options, sessions);
        @SuppressWarnings("unchecked")
        Table<Listing> property = (Table<Listing>) state.table("Property");
        RetsSchema schema = new RetsSchema(property);
        this.search = new RetsSearch(state, property, schema, options);
        this.metadata = new RetsMetadata(schema);
        this.objects = new RetsObjects(state, origin, simOptions.seed());
    }

    /** The Login URL a client starts from. */
    String loginUrl() {
        return origin + ROOT + "Login";
    }

    int expireAll() {
        return sessions.expireAll();
    }

    /**
     * The non-secret id of the caller for the request log and quotas: a hash of the RETS user name, taken from a known
     * session cookie or (at Login) the Authorization header; null when neither names one.
     */
    String credentialOf(HttpExchange exchange) {
        RetsSessions.Session session = sessions.peek(sessionId(exchange));
        String user = session != null ? session.username
                : RetsAuthenticator.claimedUser(exchange.getRequestHeaders().getFirst("Authorization"));
        return user == null ? null : RequestGuard.shortHash("rets:" + user);
    }

    /**
     * Authenticates Login or checks the session of any other transaction; answers the request itself (401, 404,
     * 405) and returns null when it cannot go on.
     */
    Call open(HttpExchange exchange, String path, Reply reply) throws IOException {
        headers(exchange);
        String transaction = path.substring(ROOT.length());
        if (!List.of("Login", "Logout", "Search", "GetMetadata", "GetObject").contains(transaction)) {
            throw new SimHttpException(404, "No RETS transaction at " + path);
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("POST")) {
            throw new SimHttpException(405, method + " is not supported on " + path);
        }
        QueryString params = params(exchange);
        String credential = credentialOf(exchange);
        if (transaction.equals("Login")) {
            Call call = login(exchange, path, reply, params, credential);
            return call == null || userAgentAuthorized(exchange, "", reply) ? call : null;
        }
        RetsSessions.Session session = sessions.use(sessionId(exchange));
        if (session == null && transaction.equals("Logout")) {
            reply.sendText(200, "text/xml", RetsXml.reply(RetsException.NOT_LOGGED_IN, "Not logged in"));
            return null;
        }
        if (session == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate", authenticator.challenge(false));
            reply.sendText(401, "text/xml", RetsXml.reply(RetsException.NOT_LOGGED_IN, "Not logged in: no session, or it "
                    + "expired; log in again at " + ROOT + "Login"));
            return null;
        }
        if (!userAgentAuthorized(exchange, session.id, reply)) {
            return null;
        }
        if (transaction.equals("Logout")) {
            sessions.close(session.id);
        }
        return new Call(transaction, params, credential, transaction.equals("GetObject"));
    }

    private Call login(HttpExchange exchange, String path, Reply reply, QueryString params, String credential)
            throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        RetsAuthenticator.Outcome outcome = authenticator.check(exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestMethod(), path, query == null ? path : path + "?" + query);
        if (outcome != RetsAuthenticator.Outcome.OK) {
            exchange.getResponseHeaders().set("WWW-Authenticate",
                    authenticator.challenge(outcome == RetsAuthenticator.Outcome.STALE_NONCE));
            String text = switch (outcome) {
                case MISSING -> "Authentication required";
                case WRONG_SCHEME -> "Authentication required: this server expects " + options.auth() + " authentication";
                case STALE_NONCE -> "Stale nonce: authenticate again with the new challenge";
                default -> "Client authentication failed: wrong user name or password";
            };
            reply.sendText(401, "text/xml", RetsXml.reply(20037, text));
            return null;
        }
        return new Call("Login", params, credential, false);
    }

    /**
     * Checks RETS-UA-Authorization when {@link RetsOptions#uaPassword()} is set, answering ReplyCode 20041 when it is
     * missing or wrong.
     */
    private boolean userAgentAuthorized(HttpExchange exchange, String sessionId, Reply reply) throws IOException {
        if (options.uaPassword() == null) {
            return true;
        }
        var headers = exchange.getRequestHeaders();
        String userAgent = headers.getFirst("User-Agent");
        String requestId = headers.getFirst("RETS-Request-ID");
        String version = headers.getFirst("RETS-Version");
        String a1 = RetsAuthenticator.md5((userAgent == null ? "" : userAgent) + ":" + options.uaPassword());
        String expected = "Digest " + RetsAuthenticator.md5(a1 + ":" + (requestId == null ? "" : requestId) + ":"
                + sessionId + ":" + (version == null ? "" : version));
        String given = headers.getFirst("RETS-UA-Authorization");
        if (given != null && given.trim().equalsIgnoreCase(expected)) {
            return true;
        }
        reply.sendText(200, "text/xml", RetsXml.reply(USER_AGENT_AUTH_REQUIRED, given == null
                ? "User Agent authentication required: send RETS-UA-Authorization"
                : "User Agent authentication failed: RETS-UA-Authorization does not match"));
        return false;
    }

    /** Serves a transaction {@link #open} let through; RETS errors become HTTP 200 error replies. */
    void serve(HttpExchange exchange, Call call, Reply reply, SimFaults.Kind fault) throws Exception {
        try {
            switch (call.transaction()) {
                case "Login" -> login(exchange, reply);
                case "Logout" -> reply.sendText(200, "text/xml", RetsXml.open(0, "Logout Successful")
                        + "<RETS-RESPONSE>\r\nSignOffMessage=Goodbye\r\n</RETS-RESPONSE>\r\n</RETS>\r\n");
                case "Search" -> search.search(call.params(), reply);
                case "GetMetadata" -> metadata.getMetadata(exchange, call.params(), reply);
                default -> objects.getObject(exchange, call.params(), reply, fault);
            }
        } catch (RetsException e) {
            if (!reply.started()) {
                reply.sendText(200, "text/xml", RetsXml.reply(e.code(), e.getMessage()));
            }
        }
    }

    private void login(HttpExchange exchange, Reply reply) throws IOException {
        RetsSessions.Session session = sessions.open(options.username());
        exchange.getResponseHeaders().add("Set-Cookie", RetsSessions.COOKIE + "=" + session.id + "; Path=/");
        String body = RetsXml.open(0, "Operation Successful") + "<RETS-RESPONSE>\r\n"
                + "MemberName=Sim User\r\n"
                + "User=" + options.username() + ",Member,1,SIMAGENT\r\n"
                + "Broker=SIMBROKER\r\n"
                + "MetadataVersion=" + METADATA_VERSION + "\r\n"
                + "MetadataTimestamp=" + METADATA_DATE + "\r\n"
                + "MinMetadataTimestamp=" + METADATA_DATE + "\r\n"
                + "TimeoutSeconds=" + options.sessionTimeout().toSeconds() + "\r\n"
                + "Login=" + ROOT + "Login\r\n"
                + "Search=" + ROOT + "Search\r\n"
                + "GetMetadata=" + origin + ROOT + "GetMetadata\r\n"
                + "GetObject=" + ROOT + "GetObject\r\n"
                + "Logout=" + origin + ROOT + "Logout\r\n"
                + "</RETS-RESPONSE>\r\n</RETS>\r\n";
        reply.sendText(200, "text/xml", body);
    }

    private static void headers(HttpExchange exchange) {
        exchange.getResponseHeaders().set("RETS-Version", VERSION);
        exchange.getResponseHeaders().set("Cache-Control", "private");
        exchange.getResponseHeaders().set("Server", "mlsync-sim");
    }

    /** Query parameters, then a form-encoded POST body's. */
    private static QueryString params(HttpExchange exchange) throws IOException {
        QueryString query = QueryString.parse(exchange.getRequestURI().getRawQuery());
        if (!exchange.getRequestMethod().equals("POST")) {
            return query;
        }
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
        exchange.setAttribute(FORM_ATTRIBUTE, body);
        List<QueryString.Param> all = new ArrayList<>(query.params());
        all.addAll(QueryString.parse(body).params());
        return new QueryString(List.copyOf(all));
    }

    private static String sessionId(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(RetsSessions.COOKIE)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }
}
