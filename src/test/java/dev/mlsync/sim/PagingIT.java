package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.mlsync.sim.SimClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

class PagingIT {
    private static final int N = 3500;
    private static Simulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimOptions.of(N).withNextLinks(false));
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void more_than_a_page_of_listings_share_one_timestamp() {
        Map<Instant, Long> sizes = sim.truth("Property").stream()
                .collect(Collectors.groupingBy(TruthRecord::modificationTimestamp, Collectors.counting()));
        assertThat(sizes.values().stream().mapToLong(Long::longValue).max().orElse(0)).isGreaterThan(1000);
        assertThat(sizes.values().stream().filter(s -> s >= 50 && s <= 300).count()).isGreaterThanOrEqualTo(2);
        assertThat(sim.truth("Property")).allMatch(t -> t.modificationTimestamp().toEpochMilli() % 1000 == 0);
    }

    @Test
    void keyset_paging_on_timestamp_and_key_walks_every_listing_once() {
        List<String> seen = new ArrayList<>();
        String filter = null;
        while (true) {
            String query = "/odata/Property?$top=1000&$select=ListingKey,ModificationTimestamp"
                    + "&$orderby=ModificationTimestamp,ListingKey" + (filter == null ? "" : "&$filter=" + enc(filter));
            SimClient.Response r = client.get(query);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("@odata.nextLink");
            JsonNode value = r.json().get("value");
            if (value.isEmpty()) {
                break;
            }
            value.forEach(v -> seen.add(v.get("ListingKey").asText()));
            JsonNode last = value.get(value.size() - 1);
            String t = last.get("ModificationTimestamp").asText();
            filter = "ModificationTimestamp gt " + t + " or (ModificationTimestamp eq " + t + " and ListingKey gt '"
                    + last.get("ListingKey").asText() + "')";
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(N);
        assertThat(new HashSet<>(seen)).isEqualTo(keys(sim.truth("Property"), TruthRecord::key));
    }

    @Test
    void skip_paging_without_next_links_walks_every_listing_once() {
        List<String> seen = new ArrayList<>();
        for (int skip = 0; ; skip += 1000) {
            JsonNode page = client.get("/odata/Property?$top=1000&$select=ListingKey&$skip=" + skip).json();
            if (page.get("value").isEmpty()) {
                break;
            }
            page.get("value").forEach(v -> seen.add(v.get("ListingKey").asText()));
        }
        assertThat(seen).doesNotHaveDuplicates().hasSize(N);
    }

    @Test
    void default_order_is_timestamp_then_key_and_count_is_total() {
        JsonNode page = client.get("/odata/Property?$top=5000&$count=true&$select=ListingKey,ModificationTimestamp").json();
        assertThat(page.get("@odata.count").asInt()).isEqualTo(N);
        List<String> order = new ArrayList<>();
        page.get("value").forEach(v -> order.add(v.get("ModificationTimestamp").asText() + "|" + v.get("ListingKey").asText()));
        assertThat(order).isSorted();
    }

    private static <T> java.util.Set<String> keys(Collection<T> records, Function<T, String> key) {
        return records.stream().map(key).collect(Collectors.toSet());
    }
}
