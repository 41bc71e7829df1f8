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
import dev.mlsync.store.Database;
import dev.mlsync.store.DeadLetterRow;
import dev.mlsync.testing.TestPostgres;
import dev.mlsync.web.ApiClient.Answer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /api/errors} lists dead letters and {@code POST /api/errors/{id}/retry} re-queues one, as {@code mlsync errors retry} does. */
class DeadLetterApiIT {
    private static final String TOKEN = "dead-letter-api-token";
    private static final String ADMIN = "admin-token-for-dead-letters";

    private static FeedConfig feed(String id, Simulator sim, String token) {
        return new FeedConfig(id, Provider.RESO, sim.serviceRoot(), AuthConfig.bearer(token), null,
                List.of("Property"), 100, ProfileOverrides.none(), RateLimits.none(), null)
                .withSchedule(new ScheduleConfig(null, null));
    }

    @Test
    void a_retried_dead_letter_should_be_requeued_and_bad_ids_refused() {
        try (Simulator sim = Simulator.start(SimOptions.of(40).withProfile(SimProfile.RESO).withToken(TOKEN));
             Database database = TestPostgres.freshDatabase()) {
            String bad = sim.truth("Property").get(7).key();
            sim.corrupt("Property", bad, "ListPrice", "\"not-a-number\"");
            FeedConfig good = feed("good", sim, TOKEN);
            FeedConfig locked = feed("locked", sim, "wrong-token");
            ServerConfig server = new ServerConfig(new BindAddress("127.0.0.1", 0), ADMIN, true, true, 30,
                    ServerConfig.AlertsConfig.ofDefaults());
            App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(good, locked)).withServer(server),
                    database, Clock.systemUTC(), duration -> { });
            assertThat(app.sync().sync(good, null, RunKind.FULL, "test", RunListener.NONE)).allMatch(RunResult::succeeded);
            assertThat(app.sync().sync(locked, null, RunKind.FULL, "test", RunListener.NONE))
                    .noneMatch(RunResult::succeeded);
            try (App.Serving serving = app.serve(server)) {
                ApiClient api = new ApiClient(serving.http().uri(), ADMIN);

                JsonNode listed = api.get("/api/errors").json();
                assertThat(listed.path("errors").findValuesAsText("recordKey")).containsExactly(bad);
                JsonNode letters = listed.path("deadLetters");
                assertThat(letters.findValuesAsText("kind")).containsExactly("record", "page");
                assertThat(letters.findValuesAsText("state")).containsOnly("open");
                assertThat(api.get("/api/errors?feed=locked").json().path("deadLetters").findValuesAsText("feedId"))
                        .containsExactly("locked");
                long record = letters.get(0).path("id").asLong();

                Answer retried = api.send("POST", "/api/errors/" + record + "/retry", null);
                assertThat(retried.status()).as(retried.body()).isEqualTo(202);
                assertThat(retried.json().path("deadLetter").path("state").asText()).isEqualTo("requeued");
                assertThat(retried.json().path("deadLetter").path("recordKey").asText()).isEqualTo(bad);
                List<String> states = new ArrayList<>();
                for (JsonNode letter : api.get("/api/errors").json().path("deadLetters")) {
                    states.add(letter.path("id").asLong() + " " + letter.path("state").asText());
                }
                assertThat(states).contains(record + " requeued");
                assertThat(app.deadLetters().open("good")).as("what mlsync errors shows").singleElement()
                        .extracting(DeadLetterRow::state).isEqualTo("requeued");

                Answer again = api.send("POST", "/api/errors/" + record + "/retry", null);
                assertThat(again.status()).isEqualTo(409);
                assertThat(again.json().path("error").asText()).contains("requeued");
                Answer unknown = api.send("POST", "/api/errors/999999/retry", null);
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(unknown.field()).isEqualTo("id");
                assertThat(unknown.json().path("error").asText()).contains("999999");
                for (String badId : List.of("abc", "0", "-3")) {
                    Answer refused = api.send("POST", "/api/errors/" + badId + "/retry", null);
                    assertThat(refused.status()).as(badId).isEqualTo(400);
                    assertThat(refused.field()).isEqualTo("id");
                }
                assertThat(api.get("/api/errors").json().path("deadLetters").findValuesAsText("state"))
                        .as("refused retries changed nothing").containsExactly("requeued", "open");
            }
            app.close();
        }
    }
}
