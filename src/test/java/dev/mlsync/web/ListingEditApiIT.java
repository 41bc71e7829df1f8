package dev.mlsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.BindAddress;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.config.ScheduleConfig;
import dev.mlsync.config.ServerConfig;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import dev.mlsync.web.ApiClient.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Overrides and conflicts through the admin API, against a replica of the simulator. */
class ListingEditApiIT {
    private static final String ADMIN = "edit-admin-token";
    private static Simulator sim;
    private static App app;
    private static AdminServer serving;
    private static ApiClient api;
    private static FeedConfig feed;
    private static Replica replica;
    private static List<String> keys;

    @BeforeAll
    static void replicate_and_serve() {
        sim = Simulator.start(SimOptions.of(30).withProfile(SimProfile.RESO).withToken("edit-sim"));
        feed = new FeedConfig("ed", Provider.RESO, sim.serviceRoot(), AuthConfig.bearer("edit-sim"),
                sim.originatingSystem(), List.of("Property"), 100, ProfileOverrides.none(),
                new RateLimits(10_000, null, null, null), null).withSchedule(new ScheduleConfig(null, null));
        ServerConfig server = ServerConfig.ofDefaults().withBind(new BindAddress("127.0.0.1", 0)).withAdminToken(ADMIN);
        String url = TestPostgres.freshDatabaseUrl();
        Database database = Database.connect(url, "postgres", null);
        replica = new Replica(url, "ed");
        app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)).withServer(server), database,
                Clock.systemUTC());
        assertThat(app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE)).allMatch(RunResult::succeeded);
        // The API alone, without workers: no scheduled job or photo download competes with the tests.
        serving = AdminServer.start(server, new WebServices(app.config(), database, Clock.systemUTC(),
                new Metrics(app.config(), database, Clock.systemUTC()), null, () -> true, null));
        api = new ApiClient(serving.uri(), ADMIN);
        keys = sim.truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key).sorted().toList();
    }

    @AfterAll
    static void stop() {
        serving.close();
        app.close();
        sim.close();
    }

    /** PUT with the editor's name header (the ApiClient sends none). */
    private static Answer put(String path, String body, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(serving.uri().resolve(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json");
        if (user != null) {
            request.header("X-Mlsync-User", user);
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void put_should_store_overrides_with_who_and_reads_should_return_the_effective_listing() throws Exception {
        String key = keys.get(0);
        Answer answer = put("/api/listings/ed/" + key + "/overrides",
                "{\"ListPrice\": 350000, \"City\": \"Lakeside\", \"InteriorFeatures\": [\"Bar\", \"Pantry\"]}", "ann");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode listing = answer.json();
        assertThat(listing.path("listPrice").asDouble()).isEqualTo(350000.0);
        assertThat(listing.path("city").asText()).isEqualTo("Lakeside");
        assertThat(listing.path("raw").path("InteriorFeatures").toString()).isEqualTo("[\"Bar\",\"Pantry\"]");
        assertThat(listing.path("overriddenFields").toString()).isEqualTo("[\"City\",\"InteriorFeatures\",\"ListPrice\"]");
        JsonNode price = listing.path("overrides").get(2);
        assertThat(price.path("field").asText()).isEqualTo("ListPrice");
        assertThat(price.path("setBy").asText()).isEqualTo("ann");
        assertThat(price.path("setAt").asText()).isNotEmpty();
        assertThat(price.path("mlsValue").isNumber()).isTrue();

        JsonNode again = api.get("/api/listings/ed/" + key).json();
        assertThat(again.path("city").asText()).isEqualTo("Lakeside");
        JsonNode found = api.get("/api/listings?feed=ed&city=lakeside").json().path("listings");
        assertThat(found).singleElement().satisfies(l -> {
            assertThat(l.path("listingKey").asText()).isEqualTo(key);
            assertThat(l.path("overriddenFields").size()).isEqualTo(3);
        });
        assertThat(replica.strings("SELECT city FROM listing WHERE listing_key = '" + key + "'"))
                .as("the MLS copy").doesNotContain("Lakeside");

        Answer removed = api.send("DELETE", "/api/listings/ed/" + key + "/overrides/City", null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("city").asText()).isNotEqualTo("Lakeside");
        assertThat(removed.json().path("overriddenFields").size()).isEqualTo(2);
        Answer gone = api.send("DELETE", "/api/listings/ed/" + key + "/overrides/City", null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("error").asText()).contains("no override of City");

        Answer anonymous = put("/api/listings/ed/" + key + "/overrides", "{\"YearBuilt\": 1999}", null);
        assertThat(anonymous.json().path("overrides").get(2).path("setBy").asText()).isEqualTo("api");
    }

    @Test
    void bad_override_input_should_get_a_clear_error_and_store_nothing() throws Exception {
        String key = keys.get(1);
        String path = "/api/listings/ed/" + key + "/overrides";
        record Case(String body, int status, String field, String says) {
        }
        List<Case> cases = List.of(
                new Case("{\"ListPrice\": \"cheap\", \"City\": \"Ok\"}", 400, "ListPrice", "must be a number"),
                new Case("{\"City\": \"Ok\", \"List Price\": 1}", 400, "List Price", "not a RESO field name"),
                new Case("{\"BedroomsTotal\": 2.5}", 400, "BedroomsTotal", "whole number"),
                new Case("{\"ListPrice\": 1e15}", 400, "ListPrice", "must be below"),
                new Case("{\"CloseDate\": \"yesterday\"}", 400, "CloseDate", "date such as"),
                new Case("{\"City\": 12}", 400, "City", "must be a string"),
                new Case("{\"Extra\": {\"a\": 1}}", 400, "Extra", "not an object"),
                new Case("{\"ModificationTimestamp\": \"2026-01-01T00:00:00Z\"}", 400, "ModificationTimestamp",
                        "cannot be overridden"),
                new Case("{}", 400, "body", "at least one field"),
                new Case("[1]", 400, "body", "JSON object"),
                new Case("{\"City\": \"A\", \"City\": \"B\"}", 400, "body", "given twice"),
                new Case("not json", 400, "body", "not valid JSON"));
        for (Case c : cases) {
            Answer answer = put(path, c.body(), "bob");
            assertThat(answer.status()).as(c.body() + " → " + answer.body()).isEqualTo(c.status());
            assertThat(answer.field()).as(c.body()).isEqualTo(c.field());
            assertThat(answer.json().path("error").asText()).as(c.body()).contains(c.says());
        }
        Answer missing = put("/api/listings/ed/NO-SUCH-KEY/overrides", "{\"City\": \"X\"}", "bob");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.field()).isEqualTo("key");
        assertThat(missing.json().path("error").asText()).contains("NO-SUCH-KEY");
        assertThat(replica.count("SELECT count(*) FROM listing_override WHERE listing_key IN ('" + key
                + "', 'NO-SUCH-KEY')")).isZero();
    }

    @Test
    void conflicts_should_be_listed_and_resolved_through_the_api() throws Exception {
        String key = keys.get(2);
        assertThat(put("/api/listings/ed/" + key + "/overrides", "{\"ListPrice\": 200000}", "cy").status())
                .isEqualTo(200);
        sim.corrupt("Property", key, "ListPrice", "654321");
        sim.touch(key);
        assertThat(app.sync().sync(feed, null, RunKind.INCREMENTAL, "test", RunListener.NONE))
                .allMatch(RunResult::succeeded);

        JsonNode open = api.get("/api/conflicts?feed=ed").json().path("conflicts");
        assertThat(open).singleElement().satisfies(c -> {
            assertThat(c.path("listingKey").asText()).isEqualTo(key);
            assertThat(c.path("field").asText()).isEqualTo("ListPrice");
            assertThat(c.path("kind").asText()).isEqualTo("field_changed");
            assertThat(c.path("localValue").asInt()).isEqualTo(200000);
            assertThat(c.path("mlsValue").asInt()).isEqualTo(654321);
            assertThat(c.path("status").asText()).isEqualTo("open");
        });
        long id = open.get(0).path("id").asLong();
        URI resolve = URI.create("/api/conflicts/" + id + "/resolve");
        assertThat(api.send("POST", resolve.toString(), "{\"keep\": \"both\"}").field()).isEqualTo("keep");
        assertThat(api.send("POST", resolve.toString(), "{\"keep\": \"mls\", \"x\": 1}").field()).isEqualTo("x");
        assertThat(api.send("POST", "/api/conflicts/999999/resolve", "{\"keep\": \"mls\"}").status()).isEqualTo(404);
        assertThat(api.get("/api/conflicts?status=maybe").field()).isEqualTo("status");

        Answer resolved = api.send("POST", resolve.toString(), "{\"keep\": \"mls\"}");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().path("conflict").path("status").asText()).isEqualTo("resolved");
        assertThat(resolved.json().path("conflict").path("resolution").asText()).isEqualTo("mls");
        assertThat(resolved.json().path("conflict").path("resolvedBy").asText()).isEqualTo("api");
        assertThat(api.send("POST", resolve.toString(), "{\"keep\": \"local\"}").status()).isEqualTo(409);
        assertThat(api.get("/api/listings/ed/" + key).json().path("listPrice").asInt()).isEqualTo(654321);
        assertThat(api.get("/api/conflicts?feed=ed").json().path("conflicts")).isEmpty();
        assertThat(api.get("/api/conflicts?feed=ed&status=all").json().path("conflicts")).hasSize(1);
    }
}
