package dev.mlsync.web;

import dev.mlsync.config.BindAddress;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.jobs.JobNotFoundException;
import dev.mlsync.jobs.JobRequestException;
import dev.mlsync.store.StoreException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP side of {@code mlsync serve}: the JSON API under {@code /api} (every route requires the admin
 * token), {@code /health/*}, {@code /metrics} and the dashboard (static files).
 *
 * <p>Invariant: every route under {@code /api} is registered through {@link #api}, which checks the token
 * before the handler runs; a before-filter on {@code /api/*} checks it again, so an unknown {@code /api}
 * path is a 401 too. {@code AdminServerIT} enumerates {@link #routes()} to prove it.
 */
public final class AdminServer implements AutoCloseable {
    /** Larger request bodies are refused with 413 before they are read (job requests stop at 64 KB anyway). */
    static final int MAX_REQUEST_BYTES = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Javalin javalin;
    private final BindAddress bind;

    private AdminServer(Javalin javalin, BindAddress bind) {
        this.javalin = javalin;
        this.bind = bind;
    }

    /**
     * Starts listening.
     *
     * @throws ServerRefusedException when the address is reachable from other machines and no admin token is set
     */
    public static AdminServer start(ServerConfig server, WebServices services) {
        requireTokenOffLoopback(server);
        AdminAuth auth = new AdminAuth(server.adminToken());
        Javalin javalin = Javalin.create(config -> configure(config, server, services, auth));
        javalin.start(server.bind().host(), server.bind().port());
        AdminServer started = new AdminServer(javalin, server.bind());
        LOG.info("serving the API and dashboard on {}", started.uri());
        return started;
    }

    /** Refuses a non-loopback address without an admin token: that would be an open admin API. */
    public static void requireTokenOffLoopback(ServerConfig server) {
        if (!server.bind().loopback() && !server.hasAdminToken()) {
            throw new ServerRefusedException("refusing to listen on " + server.bind() + " without an admin token: "
                    + "anyone who can reach it could start and cancel jobs. Set " + ServerConfig.ADMIN_TOKEN_VARIABLE
                    + " (or server.adminToken), or bind a loopback address such as 127.0.0.1:8080");
        }
    }

    private static void configure(JavalinConfig config, ServerConfig server, WebServices services, AdminAuth auth) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson(WebJson.MAPPER, false));
        config.http.maxRequestSize = MAX_REQUEST_BYTES;
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        config.routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Security-Policy", SECURITY_POLICY);
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
        });
        config.routes.before("/api/*", auth::require);
        ApiRoutes api = new ApiRoutes(services);
        HealthRoutes health = new HealthRoutes(services);
        api(config, auth, HandlerType.GET, "/api/feeds", api::feeds);
        api(config, auth, HandlerType.GET, "/api/feeds/{id}", api::feed);
        api(config, auth, HandlerType.GET, "/api/runs", api::runs);
        api(config, auth, HandlerType.GET, "/api/errors", api::errors);
        api(config, auth, HandlerType.POST, "/api/errors/{id}/retry", api::retryError);
        api(config, auth, HandlerType.GET, "/api/listings", api::listings);
        api(config, auth, HandlerType.GET, "/api/listings/{feed}/{key}", api::listing);
        api(config, auth, HandlerType.GET, "/api/alerts", api::alerts);
        ListingEditRoutes.register((method, path, handler) -> api(config, auth, method, path, handler), services, api);
        api(config, auth, HandlerType.GET, "/api/listings/{feed}/{key}/diff", new DiffRoutes(services)::diff);
        api(config, auth, HandlerType.GET, "/api/events", new EventRoutes(services, api)::list);
        if (services.jobs() != null) {
            JobRoutes jobs = new JobRoutes(services.jobs(), api, new JobRateLimit(server.jobsPerMinute(),
                    services.clock()));
            api(config, auth, HandlerType.POST, "/api/jobs", jobs::submit);
            api(config, auth, HandlerType.GET, "/api/jobs", jobs::list);
            api(config, auth, HandlerType.GET, "/api/jobs/{id}", jobs::get);
            api(config, auth, HandlerType.DELETE, "/api/jobs/{id}", jobs::cancel);
        }
        config.routes.get("/health/live", guarded(server.openHealth(), auth, health::live));
        config.routes.get("/health/ready", guarded(server.openHealth(), auth, health::ready));
        config.routes.get("/metrics", guarded(server.openMetrics(), auth, health::metrics));
        exceptions(config);
    }

    private static void api(JavalinConfig config, AdminAuth auth, HandlerType method, String path, Handler handler) {
        if (!path.startsWith("/api/")) {
            throw new IllegalArgumentException("API routes live under /api/: " + path);
        }
        config.routes.addHttpHandler(method, path, guarded(false, auth, handler));
    }

    private static Handler guarded(boolean open, AdminAuth auth, Handler handler) {
        return open ? handler : ctx -> {
            auth.require(ctx);
            handler.handle(ctx);
        };
    }

    private static void exceptions(JavalinConfig config) {
        config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage(), e.field()));
        config.routes.exception(JobRequestException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.field()));
        config.routes.exception(JobNotFoundException.class, (e, ctx) -> error(ctx, 404, e.getMessage(), "id"));
        config.routes.exception(StoreException.class, (e, ctx) -> {
            LOG.warn("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "the database is not available; see the server log", null);
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error; see the server log", null);
        });
        config.routes.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.result() == null) {
                error(ctx, 404, "no such API route: " + ctx.method() + " " + Params.shorten(ctx.path()), null);
            }
        });
        config.routes.error(413, ctx -> {
            if (ctx.path().startsWith("/api/")) {
                error(ctx, 413, "request body larger than " + MAX_REQUEST_BYTES + " bytes, the API's limit", "body");
            }
        });
        config.routes.error(405, ctx -> {
            if (ctx.path().startsWith("/api/")) {
                error(ctx, 405, "method " + ctx.method() + " not allowed here", null);
            }
        });
    }

    private static void error(Context ctx, int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        ctx.status(status).json(body);
    }

    public int port() {
        return javalin.port();
    }

    /** The base URI clients use, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = bind.host().contains(":") ? "[" + bind.host() + "]" : bind.host();
        if (host.equals("0.0.0.0") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** Every registered HTTP route as {@code "METHOD /path"} (before/after filters excluded). */
    public List<String> routes() {
        return javalin.unsafe.internalRouter.allHttpHandlers().stream().map(parsed -> parsed.endpoint)
                .filter(endpoint -> endpoint.method.isHttpMethod())
                .map(endpoint -> endpoint.method.name() + " " + endpoint.path).toList();
    }

    /** Stops accepting requests and lets those in flight finish. */
    @Override
    public void close() {
        javalin.stop();
    }
}
