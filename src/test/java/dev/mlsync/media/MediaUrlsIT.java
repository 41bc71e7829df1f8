package dev.mlsync.media;

import com.sun.net.httpserver.HttpServer;
import dev.mlsync.config.FeedMediaConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.sim.SimOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile MediaURLs: other schemes, loopback and private addresses (unless the feed allows them), and redirects
 * to them. Each photo ends failed with the reason, nothing is requested from the forbidden host, and every other
 * photo (served by the feed's own host, the simulator on 127.0.0.1) is stored.
 */
class MediaUrlsIT {
    private static final String LIVE = "feed_id = 'f1' AND deleted_at IS NULL";
    private HttpServer hidden;
    private HttpServer redirector;
    private final AtomicInteger hiddenRequests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        // "Internal service" on [::1] / localhost: a different host name from the feed's 127.0.0.1.
        hidden = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        hidden.createContext("/", exchange -> {
            hiddenRequests.incrementAndGet();
            byte[] body = MediaRejectsIT.jpeg();
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        hidden.start();
        redirector = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        redirector.createContext("/", exchange -> {
            String to = exchange.getRequestURI().getPath().substring(1).replace("HIDDEN", hiddenUrl());
            exchange.getResponseHeaders().set("Location", to);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirector.start();
    }

    @AfterEach
    void stop() {
        hidden.stop(0);
        redirector.stop(0);
    }

    private String hiddenUrl() {
        return "http://localhost:" + hidden.getAddress().getPort() + "/photo.jpg";
    }

    private String redirectTo(String target) {
        return "http://127.0.0.1:" + redirector.getAddress().getPort() + "/" + target;
    }

    @Test
    void other_schemes_and_private_hosts_should_fail_naming_the_url_problem_and_never_be_requested() throws Exception {
        try (MediaSetup s = MediaSetup.of(SimOptions.of(4), MediaSetup.MEDIA)) {
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("file:///etc/passwd", "MediaURL scheme \"file:\" is not allowed; only http and https");
            expected.put("ftp://127.0.0.1/photo.jpg", "MediaURL scheme \"ftp:\" is not allowed");
            expected.put("http:/no-host.jpg", "MediaURL has no host");
            // only a rets feed resolves its own object references
            expected.put("rets-object:Photo/SIM1000001/1", "MediaURL scheme \"rets-object:\" is not allowed");
            expected.put(hiddenUrl(), "MediaURL host localhost is a loopback or private address (127.0.0.1); "
                    + "set feeds[].media.allowPrivateHosts: true");
            expected.put("http://[::1]:" + hidden.getAddress().getPort() + "/x.jpg", "MediaURL host [::1] is a "
                    + "loopback or private address");
            expected.put("http://10.1.2.3/x.jpg", "MediaURL host 10.1.2.3 is a loopback or private address");
            expected.put("http://169.254.169.254/latest/meta-data/", "MediaURL host 169.254.169.254 is a loopback");
            expected.put("http://[fd00::1]/x.jpg", "MediaURL host [fd00::1] is a loopback or private address");
            expected.put(redirectTo("HIDDEN"), "MediaURL host localhost is a loopback or private address");
            expected.put(redirectTo("file:///etc/passwd"), "MediaURL scheme \"file:\" is not allowed");
            Map<String, String> reasonByKey = corrupt(s, expected);
            s.sync(RunKind.FULL);
            s.drainMedia();

            reasonByKey.forEach((key, reason) -> assertThat(stateOf(s, key)).as(key).startsWith("failed: ")
                    .contains(reason));
            assertThat(hiddenRequests).hasValue(0);
            long live = s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE);
            assertThat(s.replica().count("SELECT count(*) FROM listing_media WHERE " + LIVE + " AND state = 'stored'"))
                    .isEqualTo(live - reasonByKey.size()).isPositive();
        }
    }

    @Test
    void a_feed_that_allows_private_hosts_should_fetch_from_them_and_follow_redirects_to_them() throws Exception {
        try (MediaSetup s = MediaSetup.of(SimOptions.of(2), MediaSetup.MEDIA, new FeedMediaConfig(true))) {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put(hiddenUrl(), "");
            urls.put(redirectTo("HIDDEN"), "");
            Map<String, String> keys = corrupt(s, urls);
            s.sync(RunKind.FULL);
            s.drainMedia();

            keys.keySet().forEach(key -> assertThat(stateOf(s, key)).as(key).startsWith("stored"));
            assertThat(hiddenRequests).hasValue(2);
        }
    }

    private static Map<String, String> corrupt(MediaSetup s, Map<String, String> reasonByUrl) {
        List<String> keys = s.sim().truth("Media").stream().map(t -> t.key()).sorted().toList();
        Map<String, String> reasonByKey = new LinkedHashMap<>();
        int i = 0;
        for (var entry : reasonByUrl.entrySet()) {
            String key = keys.get(i++ * 2);
            s.sim().corrupt("Media", key, "MediaURL", "\"" + entry.getKey() + "\"");
            reasonByKey.put(key, entry.getValue());
        }
        return reasonByKey;
    }

    private static String stateOf(MediaSetup s, String key) {
        try {
            return s.replica().strings("SELECT state || ': ' || coalesce(last_error, '') FROM listing_media "
                    + "WHERE media_key = '" + key + "'").getFirst();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
