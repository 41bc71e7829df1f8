package dev.mlsync.cli;

import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlsync jobs …} against an external PostgreSQL (no worker running: jobs stay queued). */
class JobsCliIT {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void jobs_commands_should_submit_list_show_and_cancel() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(10).withToken("t"))) {
            Path config = dir.resolve("mlsync.yml");
            Files.writeString(config, """
                    database:
                      url: "%s"
                    feeds:
                      - id: cli
                        provider: reso
                        baseUrl: %s
                        auth: {token: t}
                        schedule: {incremental: 5m, reconcile: "cron 0 0 3 * * *"}
                    """.formatted(TestPostgres.freshDatabaseUrl(), sim.serviceRoot()));
            String c = config.toString();

            CliRun submitted = run("jobs", "submit", "--config", c, "--feed", "cli", "--listing-key", "A,B", "--dry-run");
            assertThat(submitted.exit()).as(submitted.err()).isZero();
            assertThat(submitted.out()).startsWith("job 1 queued (manual incremental of feed cli, Property, listings A,B, dry run)");

            CliRun bad = run("jobs", "submit", "--config", c, "--feed", "cli", "--filter", "City eq 'X'; DROP");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("mlsync: filter: character \";\" is not allowed");
            CliRun unknown = run("jobs", "submit", "--config", c, "--feed", "nope");
            assertThat(unknown.err()).contains("mlsync: feed: no feed \"nope\" is configured (feeds: cli)");

            CliRun list = run("jobs", "list", "--config", c, "--json", "--status", "queued");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("\"id\":1").contains("\"status\":\"queued\"").contains("\"dryRun\":true")
                    .doesNotContain("\"id\":2");

            CliRun show = run("jobs", "show", "1", "--config", c);
            assertThat(show.out()).contains("job 1: queued").contains("would change: added 0");

            CliRun cancel = run("jobs", "cancel", "1", "--config", c);
            assertThat(cancel.out()).contains("job 1 is cancelled");
            CliRun missing = run("jobs", "show", "42", "--config", c);
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("job 42 not found");
        }
    }
}
