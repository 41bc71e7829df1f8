package dev.mlsync.cli;

import dev.mlsync.sim.SimOptions;
import dev.mlsync.sim.Simulator;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end: config file, external PostgreSQL by JDBC URL, simulator over HTTP. */
class CliIT {
    private static final String TOKEN = "cli-secret-token-4711";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path config(String jdbcUrl, Simulator sim, String token) throws Exception {
        Path file = dir.resolve("mlsync.yml");
        Files.writeString(file, """
                database:
                  url: %s
                feeds:
                  - id: cli
                    provider: reso
                    baseUrl: %s
                    auth:
                      token: %s
                    resources: [Property, Office]
                    pageSize: 500
                """.formatted(jdbcUrl + "&user=postgres", sim.serviceRoot(), token));
        return file;
    }

    @Test
    void sync_into_an_external_postgresql_should_replicate_exactly_and_continue_incrementally() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        try (Simulator sim = Simulator.start(SimOptions.of(1200).withToken(TOKEN))) {
            Path config = config(url.replace("?user=postgres", "?"), sim, TOKEN);
            CliRun first = run("sync", "--config", config.toString());
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("cli Property: completed full").contains("cli Office: completed full");
            Replica replica = new Replica(url, "cli");
            assertThat(replica.differencesFrom(sim)).isEmpty();

            sim.advance(Duration.ofHours(2));
            CliRun second = run("sync", "--config", config.toString());
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).contains("cli Property: completed incremental");
            assertThat(replica.differencesFrom(sim)).isEmpty();

            CliRun status = run("status", "--json", "--config", config.toString());
            assertThat(status.exit()).isZero();
            assertThat(status.out()).contains("\"feed\":\"cli\"").contains("\"resource\":\"Property\"")
                    .contains("\"openErrors\":0")
                    .contains("\"quotas\":[{\"feed\":\"cli\",\"credential\":\"reso-").contains("\"usedThisHour\":");
            assertThat(first.out() + first.err() + second.out() + second.err() + status.out()).doesNotContain(TOKEN);
        }
    }

    @Test
    void a_feed_that_refuses_to_run_should_not_keep_the_others_from_syncing() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        try (Simulator sim = Simulator.start(SimOptions.of(300).withToken(TOKEN))) {
            Path file = dir.resolve("two.yml");
            String feed = """
                      - id: %s
                        provider: reso
                        baseUrl: %s
                        auth:
                          token: %s
                    """;
            Files.writeString(file, "database:\n  url: " + url.replace("?user=postgres", "?") + "&user=postgres\nfeeds:\n"
                    + feed.formatted("first", sim.serviceRoot(), TOKEN) + feed.formatted("second", sim.serviceRoot(), TOKEN));
            assertThat(run("sync", "--config", file.toString()).exit()).isZero();
            new Replica(url, "first").count("WITH d AS (DELETE FROM resource_cursor WHERE feed_id = 'first' RETURNING 1) "
                    + "SELECT count(*) FROM d");

            CliRun outcome = run("sync", "--config", file.toString());
            assertThat(outcome.exit()).isEqualTo(1);
            assertThat(outcome.out()).contains("first: not synced:").contains("--full")
                    .contains("second Property: completed incremental");
        }
    }

    @Test
    void sync_with_a_rejected_token_should_fail_with_a_clear_error_and_no_secret() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        try (Simulator sim = Simulator.start(SimOptions.of(50).withToken(TOKEN))) {
            Path config = config(url.replace("?user=postgres", "?"), sim, "wrong-token-0815-abcdef");
            CliRun outcome = run("sync", "--config", config.toString());
            assertThat(outcome.exit()).isEqualTo(1);
            assertThat(outcome.out()).contains("failed").contains("401");
            assertThat(outcome.out() + outcome.err()).doesNotContain("wrong-token-0815-abcdef");
        }
    }

    @Test
    void config_check_should_list_every_problem_with_its_path() throws Exception {
        Path file = dir.resolve("broken.yml");
        Files.writeString(file, """
                database:
                  url: mysql://nope
                feeds:
                  - id: a
                    provider: mlsgird
                    baseUrl: https://api.mlsgrid.com/v2/
                    auth:
                      token: ${MLSYNC_TEST_UNSET_TOKEN_VAR}
                  - id: b
                    provider: reso
                    baseurl: https://x.example/odata/
                    pageSize: abc
                """);
        CliRun outcome = run("config", "check", "--config", file.toString());
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err())
                .contains("database.url")
                .contains("feeds[0].provider").contains("did you mean mlsgrid")
                .contains("feeds[0].auth.token: environment variable MLSYNC_TEST_UNSET_TOKEN_VAR is not set")
                .contains("feeds[1].baseurl").contains("did you mean baseUrl")
                .contains("feeds[1].pageSize");
    }

    @Test
    void sim_options_should_be_validated_before_anything_starts() {
        assertThat(run("sim", "--suspension-minutes", "-5")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(1);
            assertThat(o.err()).contains("--suspension-minutes: must be >= 0, was -5");
        });
        assertThat(run("sim", "--faults", "bogus=2")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(1);
            assertThat(o.err()).contains("--faults: unknown faults key 'bogus'");
        });
        assertThat(run("sim", "--profile", "zillow").err()).contains("--profile: unknown profile \"zillow\"");
        assertThat(run("sim", "--profile", "rets", "--rets-auth", "ntlm").err())
                .contains("--rets-auth must be digest or basic, was 'ntlm'");
        assertThat(run("sim", "--profile", "rets", "--rets-delimiter", "<").err()).contains("--rets-delimiter");
        assertThat(run("sim", "--profile", "rets", "--rets-max-rows", "0").err()).contains("rets.maxRows must be >= 1");
        assertThat(run("sim", "--profile", "rets", "--rets-paging", "random").err()).contains("--rets-paging must be");
    }

    @Test
    void config_check_should_accept_a_valid_file() throws Exception {
        Path file = dir.resolve("ok.yml");
        Files.writeString(file, """
                feeds:
                  - id: ok
                    provider: trestle
                    baseUrl: https://api-trestle.corelogic.com/trestle/odata/
                    auth:
                      tokenUrl: https://api-trestle.corelogic.com/trestle/oidc/connect/token
                      clientId: id
                      clientSecret: very-secret-value-123
                """);
        CliRun outcome = run("config", "check", "--config", file.toString());
        assertThat(outcome.exit()).as(outcome.err()).isZero();
        assertThat(outcome.out()).contains("ok").contains("trestle").doesNotContain("very-secret-value-123");
    }
}
