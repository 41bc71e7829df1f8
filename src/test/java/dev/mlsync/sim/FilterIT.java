package dev.mlsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static dev.mlsync.sim.SimClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

class FilterIT {
    private static Simulator sim;
    private static SimClient client;
    private static List<JsonNode> all;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimOptions.of(600));
        client = new SimClient(sim);
        all = new ArrayList<>();
        client.get("/odata/Property?$top=5000").json().get("value").forEach(all::add);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static List<String> keys(String filter) {
        SimClient.Response r = client.get("/odata/Property?$top=5000&$select=ListingKey&$filter=" + enc(filter));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        r.json().get("value").forEach(v -> keys.add(v.get("ListingKey").asText()));
        return keys;
    }

    private static List<String> expected(Predicate<JsonNode> p) {
        return all.stream().filter(p).map(v -> v.get("ListingKey").asText()).toList();
    }

    private static Instant ts(JsonNode v, String field) {
        return Instant.parse(v.get(field).asText());
    }

    @Test
    void filter_returns_exactly_the_matching_records() {
        assertThat(keys("City eq 'Denver' and ListPrice gt 400000"))
                .isNotEmpty().containsExactlyElementsOf(expected(v -> v.get("City").asText().equals("Denver")
                        && v.get("ListPrice").asLong() > 400000));
        assertThat(keys("StandardStatus in ('Pending', 'Closed') or BedroomsTotal ge 5"))
                .containsExactlyElementsOf(expected(v -> Set.of("Pending", "Closed").contains(v.get("StandardStatus").asText())
                        || v.get("BedroomsTotal").asInt(0) >= 5));
        assertThat(keys("not (City eq 'Denver' or City eq 'Aurora') and (PropertyType eq 'Land' or YearBuilt lt 1950)"))
                .containsExactlyElementsOf(expected(v -> !Set.of("Denver", "Aurora").contains(v.get("City").asText())
                        && (v.get("PropertyType").asText().equals("Land") || v.get("YearBuilt").asInt(9999) < 1950)));
        assertThat(keys("UnitNumber eq null and LotSizeAcres le 0.3"))
                .containsExactlyElementsOf(expected(v -> v.get("UnitNumber").isNull() && v.get("LotSizeAcres").asDouble() <= 0.3));
    }

    @Test
    void filter_compares_timestamps_as_instants_and_dates_as_dates() {
        Instant from = Instant.parse("2025-11-15T00:00:00Z");
        Instant to = Instant.parse("2025-12-01T12:00:00Z");
        assertThat(keys("ModificationTimestamp ge 2025-11-15T02:00:00+02:00 and ModificationTimestamp lt 2025-12-01T12:00:00.000Z"))
                .isNotEmpty().containsExactlyElementsOf(expected(v -> !ts(v, "ModificationTimestamp").isBefore(from)
                        && ts(v, "ModificationTimestamp").isBefore(to)));
        assertThat(keys("CloseDate ge 2025-10-01"))
                .containsExactlyElementsOf(expected(v -> !v.get("CloseDate").isNull()
                        && v.get("CloseDate").asText().compareTo("2025-10-01") >= 0));
    }

    @Test
    void quoted_strings_with_doubled_quotes_and_plus_as_space_are_accepted() {
        assertThat(keys("City eq 'O''Brien'")).isEmpty();
        SimClient.Response r = client.get("/odata/Property?$top=5000&$select=ListingKey&$filter=City+eq+%27Fort+Collins%27");
        assertThat(r.json().get("value")).hasSize(expected(v -> v.get("City").asText().equals("Fort Collins")).size());
    }

    @Test
    void bad_filter_gives_400_naming_the_problem() {
        SimClient.Response r = client.get("/odata/Property?$filter=" + enc("ListPrice gt"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/message").asText()).contains("position").contains("expected a literal");
        SimClient.Response unknown = client.get("/odata/Property?$filter=" + enc("Nope eq 1"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown field 'Nope'");
        SimClient.Response type = client.get("/odata/Property?$filter=" + enc("ListPrice eq 'cheap'"));
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.body()).contains("cannot be compared with ListPrice");
    }

    @Test
    void media_filter_by_resource_record_key_returns_those_listings_media() {
        List<TruthRecord> truth = sim.truth("Property");
        SimClient.Response r = client.get("/odata/Media?$top=5000&$filter="
                + enc("ResourceRecordKey in ('" + truth.get(0).key() + "','" + truth.get(1).key() + "')"));
        List<String> mediaKeys = new ArrayList<>();
        r.json().get("value").forEach(v -> mediaKeys.add(v.get("MediaKey").asText()));
        assertThat(mediaKeys).containsExactlyInAnyOrderElementsOf(
                concat(truth.get(0).mediaKeys(), truth.get(1).mediaKeys()));
    }

    @Test
    void other_resources_filter_and_count() {
        SimClient.Response r = client.get("/odata/Member?$count=true&$top=1&$filter=" + enc("MemberStatus eq 'Active'"));
        assertThat(r.json().get("@odata.count").asInt()).isEqualTo(60);
        SimClient.Response office = client.get("/odata/Office?$count=true");
        assertThat(office.json().get("@odata.count").asInt()).isEqualTo(6);
        assertThat(client.get("/odata/OpenHouse?$count=true").json().get("@odata.count").asInt()).isEqualTo(60);
    }

    @Test
    void select_keeps_expanded_media_and_orderby_sorts_descending() {
        JsonNode page = client.get("/odata/Property?$top=20&$select=ListingKey,ListPrice&$orderby=ListPrice%20desc"
                + "&$expand=Media($select=MediaURL)").json();
        JsonNode first = page.at("/value/0");
        assertThat(first.size()).isEqualTo(3);
        assertThat(first.get("Media")).isNotEmpty();
        List<Long> prices = new ArrayList<>();
        page.get("value").forEach(v -> prices.add(v.get("ListPrice").asLong()));
        assertThat(prices).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(client.get("/odata/Property?$orderby=Nope").status()).isEqualTo(400);
        assertThat(client.get("/odata/Property?$select=Nope").status()).isEqualTo(400);
        assertThat(client.get("/odata/Member?$expand=Media").status()).isEqualTo(400);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
