package dev.mlsync.cli;

import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.sim.TruthRecord;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlsync reconcile} and {@code mlsync diff} end to end: config file, PostgreSQL by URL, simulator over HTTP. */
class ReconcileCliIT {
    private static final String TOKEN = "cli-reconcile-token-0815";

    @TempDir
    Path dir;

    @Test
    void reconcile_and_diff_should_report_refuse_and_delete_as_documented() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        try (Simulator sim = Simulator.start(SimOptions.of(100).withToken(TOKEN))) {
            Path config = dir.resolve("mlsync.yml");
            Files.writeString(config, """
                    database:
                      url: %s
                    feeds:
                      - id: cli
                        provider: reso
                        baseUrl: %s
                        auth:
                          token: %s
                        lifecycle: {maxDeleteShare: "5%%"}
                    """.formatted(url.replace("?user=postgres", "?") + "&user=postgres", sim.serviceRoot(), TOKEN));
            String c = config.toString();
            CliRun sync = CliRun.of("sync", "--config", c);
            assertThat(sync.exit()).as(sync.err()).isZero();
            List<String> keys = sim.truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key)
                    .limit(12).toList();
            sim.touch(keys.get(0));

            CliRun touched = CliRun.of("diff", "--config", c, "--feed", "cli", "--listing", keys.get(0));
            assertThat(touched.exit()).as(touched.err()).isEqualTo(2);
            assertThat(touched.out()).contains("FIELD").contains("ModificationTimestamp").doesNotContain("ListPrice");
            CliRun same = CliRun.of("diff", "--config", c, "--feed", "cli", "--listing", keys.get(1));
            assertThat(same.exit()).as(same.err()).isZero();
            assertThat(same.out()).contains("no field differs");

            sim.drop(keys.get(1));
            CliRun dry = CliRun.of("reconcile", "--config", c, "--feed", "cli", "--dry-run", "--json");
            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("\"deleted\":[\"" + keys.get(1) + "\"]").contains("\"dryRun\":true");
            CliRun real = CliRun.of("reconcile", "--config", c, "--feed", "cli");
            assertThat(real.exit()).as(real.err()).isZero();
            assertThat(real.out()).contains("deleted 1, re-fetched 1 (0 restored, 1 updated)").contains(keys.get(1));
            assertThat(new Replica(url, "cli").differencesFrom(sim)).isEmpty();

            keys.subList(2, 12).forEach(sim::drop);
            CliRun refused = CliRun.of("reconcile", "--config", c, "--feed", "cli");
            assertThat(refused.exit()).isOne();
            assertThat(refused.err()).contains("mlsync: feed cli, Property: reconciliation deleted nothing: it would "
                    + "delete 10 of").contains("more than lifecycle.maxDeleteShare 5.0 %");
            CliRun forced = CliRun.of("reconcile", "--config", c, "--feed", "cli", "--force");
            assertThat(forced.exit()).as(forced.err()).isZero();
            assertThat(forced.out()).contains("deleted 10");
            assertThat(new Replica(url, "cli").differencesFrom(sim)).isEmpty();
        }
    }
}
