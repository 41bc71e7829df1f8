package dev.mlsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chaos harness itself, on a tiny setup: two mlsync JVMs, one SIGKILL, default faults, then convergence. */
class BenchChaosIT {
    @TempDir
    Path dir;

    @Test
    void a_worker_killed_mid_work_should_leave_a_replica_equal_to_the_truth() throws Exception {
        CliRun run = CliRun.of("bench", "chaos", "--listings", "10", "--minutes", "0.4", "--kills", "1",
                "--processes", "2", "--seed", "7", "--work-dir", dir.toString(), "--catch-up-minutes", "4", "--json");

        String[] lines = run.out().strip().split("\n");
        JsonNode result = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(result.path("kills").asInt()).isEqualTo(1);
        for (String count : List.of("missing", "extra", "stale", "media_missing", "media_wrong", "orphans",
                "windows_exceeded", "suspensions", "gone_stored", "duplicates")) {
            assertThat(result.path(count).asLong()).as(count + " in " + result).isZero();
        }
        assertThat(result.path("converged").asBoolean()).as(run.err()).isTrue();
        assertThat(result.path("photos").asLong()).isGreaterThan(50);
        assertThat(run.exit()).isZero();
    }

    @Test
    void bad_options_should_be_named() {
        CliRun run = CliRun.of("bench", "chaos", "--minutes", "0", "--faults", "nope=1");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("--minutes: must be > 0").contains("--faults: unknown faults key 'nope'");
    }
}
