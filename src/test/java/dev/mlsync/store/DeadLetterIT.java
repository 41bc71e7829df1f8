package dev.mlsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.config.RateLimits;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.SimProfile;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.TestPostgres;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failed runs and quarantined records become dead letters that an operator lists and re-queues. */
class DeadLetterIT {
    private static final String TOKEN = "dead-letter-token";

    private static FeedConfig feed(String id, Simulator sim, String token) {
        return new FeedConfig(id, Provider.RESO, sim.serviceRoot(), AuthConfig.bearer(token), null,
                List.of("Property"), 100, ProfileOverrides.none(), RateLimits.none(), null);
    }

    private static List<RunResult> sync(Database database, FeedConfig feed) {
        App app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed)), database, Clock.systemUTC(),
                duration -> { });
        return app.sync().sync(feed, null, RunKind.FULL, "test", RunListener.NONE);
    }

    @Test
    void failed_runs_and_bad_records_should_be_listed_requeued_and_closed_by_the_next_good_run() {
        try (Simulator sim = Simulator.start(SimOptions.of(200).withToken(TOKEN));
             Database database = TestPostgres.freshDatabase()) {
            String bad = sim.truth("Property").get(50).key();
            sim.corrupt("Property", bad, "ListPrice", "\"not-a-number\"");
            assertThat(sync(database, feed("locked", sim, "wrong-token"))).noneMatch(RunResult::succeeded);
            assertThat(sync(database, feed("good", sim, TOKEN))).allMatch(RunResult::succeeded);
            DeadLetterStore letters = database.deadLetters();

            List<DeadLetterRow> open = letters.open(null, Instant.now());

            assertThat(open).extracting(DeadLetterRow::kind, DeadLetterRow::feedId, DeadLetterRow::recordKey,
                    DeadLetterRow::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("page", "locked", null, "open"),
                    org.assertj.core.groups.Tuple.tuple("record", "good", bad, "open"));
            assertThat(open.getFirst().message()).contains("401");
            assertThat(letters.open(null, Instant.now())).as("listing twice gathers nothing twice").hasSize(2);
            assertThat(letters.open("good", Instant.now())).hasSize(1);

            assertThat(letters.requeue(open.get(1).id(), null, Instant.now())).singleElement()
                    .extracting(DeadLetterRow::state).isEqualTo("requeued");
            assertThat(letters.requeue(null, "locked", Instant.now())).hasSize(1);
            assertThat(letters.requeue(null, "locked", Instant.now())).as("already re-queued").isEmpty();

            assertThat(sync(database, feed("locked", sim, TOKEN))).allMatch(RunResult::succeeded);
            assertThat(letters.open(null, Instant.now())).as("the page is done; the good run met the bad record too")
                    .extracting(DeadLetterRow::kind, DeadLetterRow::feedId).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("record", "good"),
                            org.assertj.core.groups.Tuple.tuple("record", "locked"));
        }
    }
}
