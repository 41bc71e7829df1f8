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
    private static final String MEDIA = "/media/";

    private final SimOptions options;
    private final ProfileRules rules;
    private final SimState state;
    private final ODataService odata;
    private final ControlEndpoints control;
    private final TokenIssuer tokens;
    private final JpegRenderer jpegs = new JpegRenderer();
    private final Consumer<RequestLogEntry> log;

    Router(SimOptions options, SimState state, ODataService odata, ControlEndpoints control, Consumer<RequestLogEntry> log) {
        this.options = options;
        this.rules = new ProfileRules(options.profile());
        this.state = state;
        this.odata = odata;
        this.control = control;
        this.tokens = new TokenIssuer(options.token(), options.seed());
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip");
        String path = exchange.getRequestURI().getRawPath();
        Reply reply = new Reply(exchange, gzip && !path.startsWith(MEDIA));
        try {
            route(exchange, path, QueryString.parse(exchange.getRequestURI().getRawQuery()), reply, gzip);
        } catch (TokenIssuer.OAuthException e) {
            fail(reply, () -> reply.sendText(e.status, "application/json", ErrorBody.oauth(e.error, e.getMessage())));
        } catch (SimHttpException e) {
            fail(reply, () -> reply.sendError(e.status(), e.getMessage()));
        } catch (Exception | Error e) {
            fail(reply, () -> reply.sendError(500, "Internal simulator error: " + e));
        } finally {
            String query = exchange.getRequestURI().getRawQuery();
            log.accept(new RequestLogEntry(java.time.Instant.now(), exchange.getRequestMethod(),
                    path + (query == null ? "" : "?" + query), reply.status(), reply.bytes()));
            exchange.close();
        }
    }

    private void route(HttpExchange exchange, String path, QueryString query, Reply reply, boolean gzip) throws Exception {
        if ((path.startsWith(ODataService.ROOT) || path.startsWith(MEDIA)) && !isRead(exchange)) {
            throw new SimHttpException(405, exchange.getRequestMethod() + " is not supported on " + path);
        }
        if (path.startsWith(ODataService.ROOT)) {
            String sub = URLDecoder.decode(path.substring(ODataService.ROOT.length()), StandardCharsets.UTF_8);
            authorize(exchange);
            if (!ODataService.isMetadata(sub) && rules.requiresGzip() && !gzip) {
                throw SimHttpException.badRequest("Accept-Encoding: gzip is required on data requests");
            }
            odata.handle(sub, query, reply);
        } else if (path.startsWith(MEDIA) && path.endsWith(".jpg")) {
            authorize(exchange);
            media(path.substring(MEDIA.length(), path.length() - 4), reply);
        } else if (path.equals(TokenIssuer.PATH)) {
            token(exchange, reply);
        } else if (path.startsWith(ControlEndpoints.ROOT)) {
            control.handle(path.substring(ControlEndpoints.ROOT.length()), query, reply);
        } else {
            throw new SimHttpException(404, "No resource at " + path);
        }
    }

    private static boolean isRead(HttpExchange exchange) {
        return exchange.getRequestMethod().equals("GET");
    }

    private void authorize(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        boolean ok = rules.requiresIssuedToken() ? bearer != null && tokens.isIssued(bearer)
                : options.token() == null || options.token().equals(bearer);
        if (!ok) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new SimHttpException(401, bearer == null ? "Missing bearer token" : "Invalid bearer token");
        }
    }

    private void media(String mediaKey, Reply reply) throws Exception {
        JpegRenderer.Photo photo = state.read(() -> {
            MediaRow row = state.media().find(mediaKey);
            return row == null ? null : JpegRenderer.Photo.of(row);
        });
        if (photo == null) {
            throw new SimHttpException(404, "No media " + mediaKey);
        }
        byte[] jpeg = jpegs.render(photo);
        reply.send(200, "image/jpeg", out -> out.write(jpeg));
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
