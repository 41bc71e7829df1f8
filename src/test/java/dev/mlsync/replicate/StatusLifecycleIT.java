package dev.mlsync.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status lifecycle against the simulator's change stream: after every incremental run each listing has the
 * StandardStatus the MLS serves (sold/closed, withdrawn, expired and cancelled included), and
 * {@code listing_status_history} holds every change each listing went through, in order.
 */
class StatusLifecycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void every_status_change_should_be_visible_at_the_next_incremental_run_and_in_history_in_order() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(600).withProfile(SimProfile.RESO).withToken("life"))) {
            String url = TestPostgres.freshDatabaseUrl();
            FeedConfig feed = new FeedConfig("life", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer("life"),
                    sim.originatingSystem(), List.of("Property"), 1000, ProfileOverrides.none(),
                    new RateLimits(10_000, null, null, null), null);
            Replica replica = new Replica(url, "life");
            try (App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)),
                    Database.connect(url, "postgres", null), Clock.systemUTC())) {
                sync(app, feed, RunKind.FULL);
                Map<String, String> last = served(sim);
                Map<String, List<String>> changes = new HashMap<>();
                for (int round = 0; round < 10; round++) {
                    sim.advance(Duration.ofHours(12));
                    sync(app, feed, RunKind.INCREMENTAL);
                    Map<String, String> now = served(sim);
                    assertThat(stored(replica)).as("statuses after incremental run %d", round + 1).isEqualTo(now);
                    now.forEach((key, status) -> {
                        String before = last.get(key);
                        if (before != null && !before.equals(status)) {
                            changes.computeIfAbsent(key, k -> new ArrayList<>()).add(before + " > " + status);
                        }
                    });
                    last.putAll(now);
                }
                assertThat(new TreeSet<>(changes.values().stream().flatMap(List::stream)
                        .map(change -> change.substring(change.indexOf(" > ") + 3)).toList()))
                        .as("statuses the change stream reached").contains("Closed", "Withdrawn", "Expired", "Canceled");
                Map<String, List<String>> history = new HashMap<>();
                for (String row : replica.strings("""
                        SELECT listing_key || '|' || coalesce(from_status, '-') || ' > ' || coalesce(to_status, '-')
                        FROM listing_status_history WHERE feed_id = 'life' ORDER BY listing_key, changed_at, id""")) {
                    history.computeIfAbsent(row.substring(0, row.indexOf('|')), k -> new ArrayList<>())
                            .add(row.substring(row.indexOf('|') + 1));
                }
                assertThat(history).isEqualTo(changes);
            }
        }
    }

    private static void sync(App app, FeedConfig feed, RunKind kind) {
        assertThat(app.sync().sync(feed, null, kind, "test", RunListener.NONE))
                .allSatisfy(r -> assertThat(r.succeeded()).as(r.error()).isTrue());
    }

    /** Every listing's StandardStatus as the simulator serves it now (deleted ones as Delete). */
    private static Map<String, String> served(Simulator sim) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (int skip = 0; ; skip += 1000) {
            URI uri = URI.create(sim.serviceRoot() + "Property?$select=ListingKey,StandardStatus&$orderby=ListingKey"
                    + "&$top=1000&$skip=" + skip);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer life")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body()).path("value");
            page.forEach(row -> statuses.put(row.path("ListingKey").asText(), row.path("StandardStatus").asText()));
            if (page.size() < 1000) {
                return statuses;
            }
        }
    }

    private static Map<String, String> stored(Replica replica) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (String row : replica.strings("SELECT listing_key || '|' || standard_status FROM listing WHERE feed_id = 'life'")) {
            statuses.put(row.substring(0, row.indexOf('|')), row.substring(row.indexOf('|') + 1));
        }
        return statuses;
    }
}
