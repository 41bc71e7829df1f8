package dev.mlsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlsync serve} and {@code demo} refuse an open admin API before they start anything. */
class ServeCommandIT {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void serve_on_a_public_address_without_a_token_should_be_refused_with_a_clear_error() throws Exception {
        assumeTrue(System.getenv("MLSYNC_ADMIN_TOKEN") == null, "MLSYNC_ADMIN_TOKEN is set in this environment");
        Path config = Files.writeString(dir.resolve("mlsync.yml"), "database:\n  embeddedDir: " + dir.resolve("pg") + "\n");
        CliRun outcome = run("serve", "--config", config.toString(), "--bind", "0.0.0.0:0");
        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).contains("refusing to listen on 0.0.0.0:0 without an admin token")
                .contains("MLSYNC_ADMIN_TOKEN");
        assertThat(dir.resolve("pg")).as("nothing was started").doesNotExist();
    }

    @Test
    void a_public_bind_in_the_file_without_a_token_should_fail_config_check_at_its_path() throws Exception {
        assumeTrue(System.getenv("MLSYNC_ADMIN_TOKEN") == null, "MLSYNC_ADMIN_TOKEN is set in this environment");
        Path config = Files.writeString(dir.resolve("mlsync.yml"), "server:\n  bind: 0.0.0.0:8080\n");
        CliRun outcome = run("config", "check", "--config", config.toString());
        assertThat(outcome.exit()).isNotZero();
        assertThat(outcome.out() + outcome.err()).contains("server.bind: 0.0.0.0:8080 is reachable from other machines");
    }

    @Test
    void bad_bind_options_should_name_the_option() {
        assertThat(run("serve", "--bind", "nowhere").err()).contains("--bind: expected host:port");
        assertThat(run("demo", "--bind", "nowhere").err()).contains("--bind: expected host:port");
        assertThat(run("demo", "--tick-seconds", "0").err()).contains("--tick-seconds: must be at least 1");
    }
}
