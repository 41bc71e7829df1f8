package dev.mlsync.media;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.FeedMediaConfig;
import dev.mlsync.config.MediaConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.StorageConfig;
import dev.mlsync.jobs.MediaWorkers;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.RequestLogEntry;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** A simulator, a fresh database, an object store (filesystem or S3) and an App wired over them, for media tests. */
record MediaSetup(Simulator sim, String url, FeedConfig feed, MlsyncConfig config, App app, Stores store,
                  Replica replica) implements AutoCloseable {
    static final URI CDN = URI.create("https://cdn.example.test/photos/");

    /** The two object store adapters every media integration test runs against. */
    enum Stores {
        FILESYSTEM, S3;

        StorageConfig open() throws IOException {
            return switch (this) {
                case FILESYSTEM -> StorageConfig.filesystem(Files.createTempDirectory("mlsync-media-it"), CDN);
                case S3 -> StorageConfig.s3(S3Proxies.shared().settings(S3Proxies.shared().newBucket("media"),
                        "mls", S3Proxies.SECRET_KEY), CDN);
            };
        }
    }

    static final String TOKEN = "secret-for-media-tests";
    static final RateLimits LIMITS = new RateLimits(10_000, 600_000, 36_000_000, 864_000_000);
    static final MediaConfig MEDIA = MediaConfig.ofDefaults().withRetryDelay(Duration.ofMillis(200))
            .withDerivatives(List.of(160, 320), true).withWorkers(3);

    static MediaSetup of(SimOptions options, MediaConfig media) {
        return of(Stores.FILESYSTEM, options, media, FeedMediaConfig.ofDefaults());
    }

    static MediaSetup of(SimOptions options, MediaConfig media, FeedMediaConfig feedMedia) {
        return of(Stores.FILESYSTEM, options, media, feedMedia);
    }

    static MediaSetup of(Stores store, SimOptions options, MediaConfig media) {
        return of(store, options, media, FeedMediaConfig.ofDefaults());
    }

    static MediaSetup of(Stores store, SimOptions options, MediaConfig media, FeedMediaConfig feedMedia) {
        Simulator sim = Simulator.start(options.withToken(TOKEN));
        try {
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig feed = new FeedConfig("f1", Provider.valueOf(options.profile().name()), sim.serviceRoot(),
                    auth(options, sim), sim.originatingSystem(), List.of("Property"), 1000,
                    ProfileOverrides.none(), LIMITS, null).withMedia(feedMedia);
            MlsyncConfig config = new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed))
                    .withStorage(store.open()).withMedia(media);
            return new MediaSetup(sim, url, feed, config, open(config, url), store, new Replica(url, feed.id()));
        } catch (IOException e) {
            sim.close();
            throw new UncheckedIOException(e);
        }
    }

    /** Trestle's simulator issues tokens by OAuth2 client credentials; every other profile takes the bearer. */
    private static AuthConfig auth(SimOptions options, Simulator sim) {
        return options.profile() == dev.mlsync.sim.SimProfile.TRESTLE
                ? AuthConfig.oauth2(sim.tokenUrl().toString(), "client", TOKEN, "api") : AuthConfig.bearer(TOKEN);
    }

    /** Another App on the same database: what a second process would be. */
    static App open(MlsyncConfig config, String url) {
        return App.over(config, Database.connect(url, "postgres", null), Clock.systemUTC());
    }

    List<RunResult> sync(RunKind kind) {
        return app.sync().sync(feed, "Property", kind, "test", RunListener.NONE);
    }

    /** Runs media workers in this process until every photo is settled. */
    void drainMedia() throws InterruptedException {
        drainMedia(app);
    }

    static void drainMedia(App app) throws InterruptedException {
        try (MediaWorkers workers = MediaWorkers.start(app.database().dataSource(), app.media(), 3,
                Duration.ofSeconds(1), null)) {
            if (!workers.awaitIdle(Instant.now().plusSeconds(180), () -> false, () -> { })) {
                throw new AssertionError("media work did not settle within 180 s");
            }
        }
    }

    /** Photo downloads the simulator served successfully (GETs under /media/ answered 200). */
    List<String> photoRequests() {
        return sim.requests().stream().filter(r -> r.pathAndQuery().startsWith("/media/") && r.status() == 200)
                .map(RequestLogEntry::pathAndQuery).toList();
    }

    /** SHA-256 of what the simulator serves at a media URL (fetched again, outside mlsync). */
    static String sha256Of(String mediaUrl) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            byte[] body = http.send(HttpRequest.newBuilder(URI.create(mediaUrl)).header("Authorization",
                    "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        }
    }

    /** SHA-256 of the object stored under {@code key} (read back through the store), null when there is none. */
    String storedSha256(String key) throws Exception {
        Optional<InputStream> in = app.objectStore().open(new ObjectKey(key));
        if (in.isEmpty()) {
            return null;
        }
        try (InputStream body = in.get()) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.readAllBytes()));
        }
    }

    boolean hasObject(String key) {
        return app.objectStore().exists(new ObjectKey(key));
    }

    /** The public URL a stored object should have: the CDN base plus the store's own prefix and the key. */
    String cdnUrl(String key) {
        return CDN + (store == Stores.S3 ? "mls/" : "") + key;
    }

    /** Every object in the store, by key below the store's root. */
    List<String> objectKeys() throws IOException {
        if (store == Stores.S3) {
            String bucket = config.storage().s3().bucket();
            return S3Proxies.shared().admin.listObjectsV2Paginator(request -> request.bucket(bucket)).contents()
                    .stream().map(o -> o.key().substring("mls/".length())).sorted().toList();
        }
        Path root = config.storage().path();
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Override
    public void close() {
        app.close();
        sim.close();
    }
}
