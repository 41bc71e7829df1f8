package dev.mlsync.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Routes every request, enforces auth and gzip rules, turns failures into JSON errors and logs the outcome. */
final class Router implements HttpHandler {
    static final String MEDIA = "/media/";
    private static final String HTML_ERROR_PAGE = "<!DOCTYPE html><html><head><title>503 Service Unavailable</title>"
            + "</head><body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request."
            + "</p></body></html>";
    private static final String EXPIRED_MEDIA = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied"
            + "</Code><Message>Request has expired</Message></Error>";

    private final SimOptions options;
    private final ProfileRules rules;
    private final SimState state;
    private final ODataService odata;
    private final ControlEndpoints control;
    private final TokenIssuer tokens;
    private final JpegRenderer jpegs;
    private final RequestGuard guard;
    private final Consumer<RequestLogEntry> log;
    private final RetsServer rets;
    /** Requests received so far: the arrival sequence of the request log. */
    private final java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();
    /** When each (credential, media URL) was last answered with the photo, for the URL-reuse rule. */
    private final java.util.Map<String, java.time.Instant> mediaFetched = new java.util.concurrent.ConcurrentHashMap<>();

    Router(SimOptions options, SimState state, ODataService odata, ControlEndpoints control, RequestGuard guard,
           TokenIssuer tokens, Consumer<RequestLogEntry> log, RetsServer rets) {
        this.rets = rets;
        this.options = options;
        this.rules = new ProfileRules(options.profile());
        this.jpegs = new JpegRenderer(options.largePhotos());
        this.state = state;
        this.odata = odata;
        this.control = control;
        this.tokens = tokens;
        this.guard = guard;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) {
        java.time.Instant received;
        long sequence;
        // The time and the sequence together, so the sequence orders arrivals as their times do.
        synchronized (arrivals) {
            received = options.clock().instant();
            sequence = arrivals.incrementAndGet();
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
        String path = exchange.getRequestURI().getRawPath();
        Reply reply = new Reply(exchange, gzip && !path.startsWith(MEDIA));
        boolean retsPath = rules.servesRets() && path.startsWith(RetsServer.ROOT);
        String credential = retsPath ? rets.credentialOf(exchange) : RequestGuard.credentialOf(bearer(exchange), tokens);
        boolean counted = path.startsWith(ODataService.ROOT) || path.startsWith(MEDIA) || retsPath;
        // Bytes are counted before the body ends: once the client has the whole answer it may send the next
        // request, which must already see them (a provider counts as it serves).
        reply.beforeEnd(bytes -> {
            if (counted && reply.status() != 401) {
                guard.served(credential, bytes);
            }
        });
        try {
            route(exchange, path, QueryString.parse(exchange.getRequestURI().getRawQuery()), reply, gzip, credential);
        } catch (TokenIssuer.OAuthException e) {
            fail(reply, () -> reply.sendText(e.status, "application/json", ErrorBody.oauth(e.error, e.getMessage())));
        } catch (SimHttpException e) {
            fail(reply, () -> reply.sendError(e.status(), e.getMessage()));
        } catch (Exception | Error e) {
            fail(reply, () -> reply.sendError(500, "Internal simulator error: " + e));
        } finally {
            String query = withForm(exchange.getRequestURI().getRawQuery(), exchange.getAttribute(RetsServer.FORM_ATTRIBUTE));
            log.accept(new RequestLogEntry(options.clock().instant(), exchange.getRequestMethod(),
                    path + (query == null ? "" : "?" + query), reply.status(), reply.bytes(), credential, received,
                    sequence));
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String path, QueryString query, Reply reply, boolean gzip,
                       String credential) throws Exception {
        if ((path.startsWith(ODataService.ROOT) || path.startsWith(MEDIA)) && !isRead(exchange)) {
            throw new SimHttpException(405, exchange.getRequestMethod() + " is not supported on " + path);
        }
        if (rules.servesRets() && path.startsWith(RetsServer.ROOT)) {
            rets(exchange, path, reply);
        } else if (rules.servesRets() && path.startsWith(ODataService.ROOT)) {
            throw new SimHttpException(404, "This simulator imitates a RETS server (profile rets): log in at "
                    + RetsServer.ROOT + "Login");
        } else if (path.startsWith(ODataService.ROOT)) {
            String sub = URLDecoder.decode(path.substring(ODataService.ROOT.length()), StandardCharsets.UTF_8);
            authorize(exchange);
            SimFaults.Kind fault = guard.admit(exchange, credential, path, false);
            if (!ODataService.isMetadata(sub) && rules.requiresGzip() && !gzip) {
                throw SimHttpException.badRequest("Accept-Encoding: gzip is required on data requests");
            }
            if (!inject(fault, reply)) {
                odata.handle(sub, query, reply);
            }
        } else if (path.startsWith(MEDIA) && path.endsWith(".jpg")) {
            authorize(exchange);
            SimFaults.Kind fault = guard.admit(exchange, credential, path, true);
            checkMediaRules(exchange, credential);
            if (!inject(fault, reply)) {
                media(path.substring(MEDIA.length(), path.length() - 4), reply, fault == SimFaults.Kind.CORRUPT_JPEG);
                mediaFetched.put(credential + " " + exchange.getRequestURI(), options.clock().instant());
            }
        } else if (path.equals(TokenIssuer.PATH)) {
            token(exchange, reply);
        } else if (path.startsWith(ControlEndpoints.ROOT)) {
            control.handle(path.substring(ControlEndpoints.ROOT.length()), query, reply);
        } else {
            throw new SimHttpException(404, "No resource at " + path);
        }
    }

    /** A RETS transaction: session or Login check, then rate limits and faults like any data or media request. */
    private void rets(HttpExchange exchange, String path, Reply reply) throws Exception {
        RetsServer.Call call = rets.open(exchange, path, reply);
        if (call == null) {
            return;
        }
        SimFaults.Kind fault = guard.admit(exchange, call.credential(), path, call.media());
        boolean inObject = fault == SimFaults.Kind.MISSING_MEDIA || fault == SimFaults.Kind.CORRUPT_JPEG;
        if (inObject || !inject(fault, reply)) {
            rets.serve(exchange, call, reply, fault);
        }
    }

    /** A RETS POST's form parameters appended to the query, so the log shows what was asked. */
    private static String withForm(String query, Object form) {
        if (!(form instanceof String body) || body.isEmpty()) {
            return query;
        }
        return query == null ? body : query + "&" + body;
    }

    private static boolean isRead(HttpExchange exchange) {
        return exchange.getRequestMethod().equals("GET");
    }

    /**
     * Applies a fault that replaces the response (true: nothing more to send) or changes how it is served (false).
     * A reset sends nothing: closing an exchange without response headers drops the connection.
     */
    private boolean inject(SimFaults.Kind fault, Reply reply) throws IOException, InterruptedException {
        if (fault == null) {
            return false;
        }
        switch (fault) {
            case HTTP_500, HTTP_502, HTTP_503, HTTP_504 ->
                    reply.sendError(fault.status(), "Injected fault: HTTP " + fault.status());
            case HTML -> reply.sendText(200, "text/html; charset=utf-8", HTML_ERROR_PAGE);
            case EXPIRED_MEDIA -> reply.sendText(403, "application/xml", EXPIRED_MEDIA);
            case MISSING_MEDIA -> reply.sendError(404, "No media at this URL");
            case THROTTLED -> {
                reply.header("Retry-After", "1");
                reply.sendError(429, "Injected fault: HTTP 429, retry after 1 s");
            }
            case RESET -> {
            }
            case SLOW -> {
                Thread.sleep(guard.slowMillis());
                return false;
            }
            case TRUNCATED -> {
                reply.truncateBody();
                return false;
            }
            case MALFORMED -> {
                reply.malformRecord();
                return false;
            }
            case CORRUPT_JPEG -> {
                return false;
            }
            case EMPTY -> {
                if (rules.servesRets()) {
                    reply.sendText(200, "text/xml", "<RETS ReplyCode=\"20201\" ReplyText=\"No Records Found\" />\n");
                } else {
                    reply.sendText(200, "application/json", "{\"@odata.context\":\"$metadata\",\"value\":[]}");
                }
            }
        }
        return true;
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private void authorize(HttpExchange exchange) {
        if (rules.servesRets()) {
            return;
        }
        String bearer = bearer(exchange);
        boolean ok = rules.requiresIssuedToken() ? bearer != null && tokens.isIssued(bearer)
                : options.token() == null || options.token().equals(bearer);
        if (!ok) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new SimHttpException(401, bearer == null ? "Missing bearer token" : "Invalid bearer token");
        }
    }

    /** The provider's media rules: MLS Grid's User-Agent token and its one fetch per URL per window. */
    private void checkMediaRules(HttpExchange exchange, String credential) {
        if (rules.mediaUserAgentIsToken() && !java.util.Objects.equals(exchange.getRequestHeaders()
                .getFirst("User-Agent"), bearer(exchange))) {
            throw SimHttpException.badRequest("media downloads must send the access token as their User-Agent");
        }
        java.time.Duration window = rules.mediaUrlReuseWindow();
        java.time.Instant last = mediaFetched.get(credential + " " + exchange.getRequestURI());
        if (!window.isZero() && last != null && last.plus(window).isAfter(options.clock().instant())) {
            throw new SimHttpException(429, "this media URL was already fetched at " + last + "; one fetch per URL per "
                    + window.toMinutes() + " minutes");
        }
    }

    private void media(String mediaKey, Reply reply, boolean corrupt) throws Exception {
        JpegRenderer.Photo photo = state.read(() -> {
            MediaRow row = state.media().find(mediaKey);
            return row == null ? null : JpegRenderer.Photo.of(row);
        });
        if (photo == null) {
            throw new SimHttpException(404, "No media " + mediaKey);
        }
        byte[] jpeg = corrupt ? corrupted(jpegs.render(photo)) : jpegs.render(photo);
        reply.send(200, "image/jpeg", out -> out.write(jpeg));
    }

    /** The SHA-256 (hex) of the file a current photo is served as, or null when no current photo has the key. */
    String photoSha256(String mediaKey) throws Exception {
        JpegRenderer.Photo photo = state.read(() -> {
            MediaRow row = state.media().find(mediaKey);
            return row == null ? null : JpegRenderer.Photo.of(row);
        });
        return photo == null ? null : jpegs.sha256(photo);
    }

    /** Damaged JPEG bytes: the second half zeroed and the end-of-image marker cut off. */
    static byte[] corrupted(byte[] jpeg) {
        byte[] bad = java.util.Arrays.copyOf(jpeg, jpeg.length - 2);
        java.util.Arrays.fill(bad, bad.length / 2, bad.length, (byte) 0);
        return bad;
    }

    private void token(HttpExchange exchange, Reply reply) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new SimHttpException(405, "The token endpoint accepts POST only");
        }
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String token = tokens.issue(body, exchange.getRequestHeaders().getFirst("Authorization"));
        reply.sendText(200, "application/json", "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + TokenIssuer.EXPIRES_IN + "}");
    }

    private interface Send {
        void run() throws IOException;
    }

    private static void fail(Reply reply, Send send) {
        if (reply.started()) {
            return;
        }
        try {
            send.run();
        } catch (IOException ignored) {
            // the client went away; nothing left to tell it
        }
    }
}
