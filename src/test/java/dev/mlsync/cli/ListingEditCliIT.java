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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlsync listing edit} and {@code mlsync conflicts} against the simulator and an external PostgreSQL. */
class ListingEditCliIT {
    @TempDir
    Path dir;

    @Test
    void listing_edit_and_conflicts_should_edit_flag_and_resolve() throws Exception {
        try (Simulator sim = Simulator.start(SimOptions.of(10).withToken("t"))) {
            String url = TestPostgres.freshDatabaseUrl();
            Path config = dir.resolve("mlsync.yml");
            Files.writeString(config, """
                    database:
                      url: "%s"
                    feeds:
                      - id: cli
                        provider: reso
                        baseUrl: %s
                        auth: {token: t}
                    """.formatted(url, sim.serviceRoot()));
            String c = config.toString();
            Replica replica = new Replica(url, "cli");
            assertThat(CliRun.of("sync", "--config", c).exit()).isZero();
            String key = sim.truth("Property").stream().filter(t -> !t.deleted()).map(TruthRecord::key).sorted()
                    .findFirst().orElseThrow();

            CliRun edit = CliRun.of("listing", "edit", "--config", c, "--feed", "cli", "--key", key,
                    "--set", "ListPrice=410000", "--set", "PostalCode=80202", "--set", "Extra=[1,2]", "--by", "carla");
            assertThat(edit.exit()).as(edit.err()).isZero();
            assertThat(edit.out()).contains("ListPrice").contains("410000").contains("carla");
            assertThat(replica.strings("SELECT list_price::text || ' ' || postal_code || ' ' || (raw -> 'Extra')::text"
                    + " FROM listing_effective WHERE listing_key = '" + key + "'")).containsExactly("410000.00 80202 [1, 2]");

            CliRun bad = CliRun.of("listing", "edit", "--config", c, "--feed", "cli", "--key", key,
                    "--set", "BedroomsTotal=two", "--set", "City=Nowhere");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("mlsync: BedroomsTotal must be a whole number");
            assertThat(replica.count("SELECT count(*) FROM listing_override WHERE field IN ('BedroomsTotal', 'City')"))
                    .isZero();

            sim.corrupt("Property", key, "ListPrice", "999000");
            sim.touch(key);
            assertThat(CliRun.of("sync", "--config", c).exit()).isZero();
            CliRun open = CliRun.of("conflicts", "--config", c, "--json");
            assertThat(open.out()).contains("\"listingKey\":\"" + key + "\"").contains("\"field\":\"ListPrice\"")
                    .contains("\"mlsValue\":999000").contains("\"status\":\"open\"");
            long id = replica.count("SELECT id FROM listing_conflict");
            CliRun resolved = CliRun.of("conflicts", "--config", c, "--resolve", String.valueOf(id), "--keep", "local",
                    "--by", "carla");
            assertThat(resolved.exit()).as(resolved.err()).isZero();
            assertThat(resolved.out()).contains("Resolved conflict " + id + ": kept the local value.");
            CliRun twice = CliRun.of("conflicts", "--config", c, "--resolve", String.valueOf(id), "--keep", "mls");
            assertThat(twice.exit()).isEqualTo(1);
            assertThat(twice.err()).contains("is resolved, not open");

            CliRun unset = CliRun.of("listing", "edit", "--config", c, "--feed", "cli", "--key", key,
                    "--unset", "PostalCode", "--unset", "Extra");
            assertThat(unset.exit()).as(unset.err()).isZero();
            assertThat(replica.strings("SELECT array_to_string(overridden_fields, ',') FROM listing_effective"
                    + " WHERE listing_key = '" + key + "'")).containsExactly("ListPrice");
        }
    }
}
