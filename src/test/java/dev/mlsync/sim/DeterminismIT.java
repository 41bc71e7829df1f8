package dev.mlsync.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismIT {
    private static final List<String> PATHS = List.of(
            "/odata/Property?$top=200&$expand=Media",
            "/odata/Property?$top=100&$orderby=ListPrice%20desc&$count=true",
            "/odata/Member?$top=100", "/odata/Office", "/odata/OpenHouse?$top=100",
            "/odata/Media?$top=500", "/odata/$metadata");

    private static String bodies(Simulator sim) {
        SimClient client = new SimClient(sim);
        StringBuilder all = new StringBuilder();
        for (String path : PATHS) {
            all.append(client.get(path).body().replace("127.0.0.1:" + sim.port(), "HOST")).append('\n');
        }
        return all.toString();
    }

    @Test
    void same_seed_gives_identical_bodies_before_and_after_advancing() {
        try (Simulator a = Simulator.start(SimOptions.of(400).withSeed(7));
             Simulator b = Simulator.start(SimOptions.of(400).withSeed(7))) {
            assertThat(bodies(a)).isEqualTo(bodies(b));
            assertThat(a.advance(Duration.ofHours(5))).isEqualTo(b.advance(Duration.ofHours(5)));
            assertThat(bodies(a)).isEqualTo(bodies(b));
            assertThat(a.truth("Property")).isEqualTo(b.truth("Property"));
        }
    }

    @Test
    void another_seed_gives_another_dataset() {
        try (Simulator a = Simulator.start(SimOptions.of(100).withSeed(1));
             Simulator b = Simulator.start(SimOptions.of(100).withSeed(2))) {
            assertThat(bodies(a)).isNotEqualTo(bodies(b));
        }
    }
}
