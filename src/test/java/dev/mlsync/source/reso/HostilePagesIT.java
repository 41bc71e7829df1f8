package dev.mlsync.source.reso;

import static dev.mlsync.source.reso.ODataFixture.json;
import static dev.mlsync.source.reso.ODataFixture.page;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlsync.App;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.config.DatabaseConfig;
import dev.mlsync.config.FeedConfig;
import dev.mlsync.config.MlsyncConfig;
import dev.mlsync.config.ProfileOverrides;
import dev.mlsync.config.Provider;
import dev.mlsync.replicate.RunKind;
import dev.mlsync.replicate.RunListener;
import dev.mlsync.replicate.RunResult;
import dev.mlsync.store.Database;
import dev.mlsync.testing.Replica;
import dev.mlsync.testing.TestPostgres;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile OData pages replicated through the real client into PostgreSQL, after a first run stored good data.
 * Bad records land in sync_error with their key, category and an excerpt while the rest of the page is stored;
 * bad pages fail the run with a message naming feed, resource and what was wrong; in both cases every row
 * stored before stays as it was, and another feed in the same process replicates on.
 */
@Timeout(120)
class HostilePagesIT {
    private static final String T1 = "2026-01-01T00:00:00Z";
    private static final String T2 = "2026-01-02T00:00:00Z";
    private static final String STORED = "SELECT string_agg(listing_key || '=' || raw::text || '@' "
            + "|| modification_timestamp, '|' ORDER BY listing_key) FROM listing WHERE feed_id = 'f1'";

    private ODataFixture server;
    private App app;
    private FeedConfig feed;
    private FeedConfig other;
    private Replica replica;
    private String seeded;

    @BeforeEach
    void seed() throws Exception {
        server = new ODataFixture();
        feed = feedAt("f1", server.baseUrl());
        other = feedAt("f2", URI.create(server.baseUrl().toString().replace("/api/", "/other/")));
        String url = TestPostgres.freshDatabaseUrl();
        app = App.over(new MlsyncConfig(DatabaseConfig.ofDefaults(), List.of(feed, other)),
                Database.connect(url, "postgres", null), Clock.systemUTC(), duration -> { });
        replica = new Replica(url, "f1");
        server.on("/api/Property", json(page(List.of(listing("L0", T1, 100), listing("L1", T1, 110),
                listing("L2", T1, 120)), null, false)));
        server.on("/other/Property", json(page(List.of(listing("O1", T1, 1)), null, false)));
        assertThat(sync(feed, RunKind.FULL).succeeded()).isTrue();
        seeded = replica.strings(STORED).getFirst();
        assertThat(seeded).contains("L0=", "L1=", "L2=");
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    private static FeedConfig feedAt(String id, URI baseUrl) {
        return new FeedConfig(id, Provider.RESO, baseUrl, AuthConfig.bearer("hostile-pages-token"), null,
                List.of("Property"), 1000, ProfileOverrides.none(), null, null);
    }

    private RunResult sync(FeedConfig which, RunKind kind) {
        return app.sync().sync(which, "Property", kind, "test", RunListener.NONE).getFirst();
    }

    private static String listing(String key, String timestamp, int price) {
        return "{\"ListingKey\":\"" + key + "\",\"ModificationTimestamp\":\"" + timestamp
                + "\",\"StandardStatus\":\"Active\",\"ListPrice\":" + price + "}";
    }

    private static String with(String key, String timestamp, String field, String rawJson) {
        return "{\"ListingKey\":\"" + key + "\",\"ModificationTimestamp\":\"" + timestamp
                + "\",\"StandardStatus\":\"Active\",\"" + field + "\":" + rawJson + "}";
    }

    private List<String> errors() throws Exception {
        return replica.strings("SELECT coalesce(record_key, '-') || ' | ' || category || ' | ' || message || ' | '"
                + " || coalesce(payload_excerpt, '') FROM sync_error WHERE feed_id = 'f1' ORDER BY id");
    }

    @Test
    void bad_records_should_go_to_sync_error_and_leave_their_stored_version_and_the_rest_of_the_page()
            throws Exception {
        String longKey = "K".repeat(8_000);
        List<String> records = List.of(
                with("L0", T2, "ListPrice", "{\"amount\":1}"),
                with("L1", T2, "ModificationTimestamp", "12345").replace("\"ModificationTimestamp\":\"" + T2 + "\",",
                        ""),
                "{\"ListingKey\":\"L2\",\"StandardStatus\":\"Active\"}",
                listing("NUL\\u0000KEY", T2, 1),
                listing(longKey, T2, 1),
                with("L5", T2, "PublicRemarks", "\"before\\u0000after\""),
                listing("../../etc/passwd", T2, 5),
                listing("/absolute/key", T2, 6),
                with("L3", T2, "PublicRemarks", "\"" + "r".repeat(2_000_000) + "\""),
                with("L4", T2, "Deep", "[".repeat(500) + "]".repeat(500)),
                listing("L6", T2, 7));
        server.only("/api/Property", json(page(records, null, false)));

        RunResult run = sync(feed, RunKind.INCREMENTAL);

        assertThat(run.succeeded()).as(run.error()).isTrue();
        List<String> errors = errors();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("L0 | wrong_type").contains("ListPrice",
                "{\"amount\":1}"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("L1 | wrong_type")
                .contains("ModificationTimestamp", "12345"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("L2 | ").contains("ModificationTimestamp"));
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("NUL\uFFFDKEY | bad_key")
                .contains("ListingKey contains control characters"));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("bad_key",
                "ListingKey is 8000 characters long; at most 255 are accepted"));
        assertThat(errors).hasSize(5).allSatisfy(e -> assertThat(e.length()).isLessThan(10_000));
        // The 8,000-character key is kept as its start, its length and its whole SHA-256, and the message says so.
        String boundedKey = "K".repeat(160) + "…[8000 chars, sha256 " + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(longKey.getBytes(StandardCharsets.UTF_8))) + "]";
        assertThat(replica.strings("SELECT record_key || ' | ' || message FROM sync_error WHERE category = 'bad_key' "
                + "AND record_key LIKE 'KKK%'")).singleElement().satisfies(e -> assertThat(e)
                .startsWith(boundedKey + " | ").contains("record_key holds the first 160 of the key's 8000 characters "
                        + "and its SHA-256"));
        assertThat(boundedKey.length()).isLessThanOrEqualTo(255);
        var letter = app.deadLetters().open("f1").stream().filter(l -> boundedKey.equals(l.recordKey())).findFirst();
        assertThat(letter).as("the bounded key identifies its dead letter").isPresent();
        assertThat(app.deadLetters().retry(letter.get().id()).state()).isEqualTo("requeued");
        assertThat(run.counts().failed()).isEqualTo(5);
        // The stored versions of the rejected updates are untouched; the good records of the page are stored.
        assertThat(replica.strings("SELECT listing_key || ' ' || list_price || ' ' || modification_timestamp "
                + "FROM listing WHERE listing_key IN ('L0', 'L1', 'L2') ORDER BY 1"))
                .containsExactly("L0 100.00 2026-01-01 00:00:00+00", "L1 110.00 2026-01-01 00:00:00+00",
                        "L2 120.00 2026-01-01 00:00:00+00");
        assertThat(replica.strings("SELECT listing_key FROM listing WHERE modification_timestamp = '" + T2
                + "' ORDER BY 1")).containsExactly("../../etc/passwd", "/absolute/key", "L3", "L4", "L5", "L6");
        // PostgreSQL cannot hold NUL: it is stored as U+FFFD rather than losing the record.
        assertThat(replica.strings("SELECT raw->>'PublicRemarks' FROM listing WHERE listing_key = 'L5'"))
                .containsExactly("before\uFFFDafter");
        assertThat(replica.count("SELECT length(raw->>'PublicRemarks') FROM listing WHERE listing_key = 'L3'"))
                .isEqualTo(2_000_000);
        assertThat(sync(other, RunKind.FULL).succeeded()).isTrue();
    }

    @Test
    void entries_that_are_not_objects_should_go_to_sync_error_and_the_rest_of_the_page_be_stored() throws Exception {
        server.only("/api/Property", text("{\"value\":[" + listing("L7", T2, 7) + ",42,\"text\",null,true,"
                + "[\"not\",\"a\",\"record\"],{},-1.5e3," + listing("L8", T2, 8) + "]}"));

        RunResult run = sync(feed, RunKind.INCREMENTAL);

        assertThat(run.succeeded()).as(run.error()).isTrue();
        assertThat(errors()).containsExactly(
                "- | wrong_type | record 2 of the page: entry is not a JSON object but a number | "
                        + "{\"@mlsync.problem\":\"entry is not a JSON object but a number\",\"@mlsync.entry\":\"42\"}",
                "- | wrong_type | record 3 of the page: entry is not a JSON object but a string | "
                        + "{\"@mlsync.problem\":\"entry is not a JSON object but a string\",\"@mlsync.entry\":\"\\\"text\\\"\"}",
                "- | wrong_type | record 4 of the page: entry is not a JSON object but null | "
                        + "{\"@mlsync.problem\":\"entry is not a JSON object but null\",\"@mlsync.entry\":\"null\"}",
                "- | wrong_type | record 5 of the page: entry is not a JSON object but a boolean | "
                        + "{\"@mlsync.problem\":\"entry is not a JSON object but a boolean\",\"@mlsync.entry\":\"true\"}",
                "- | wrong_type | record 6 of the page: entry is not a JSON object but an array | "
                        + "{\"@mlsync.problem\":\"entry is not a JSON object but an array\",\"@mlsync.entry\":"
                        + "\"[\\\"not\\\",\\\"a\\\",\\\"record\\\"]\"}",
                "- | missing_key | record 7 of the page: ListingKey is missing | {}",
                "- | wrong_type | record 8 of the page: entry is not a JSON object but a number | "
                        + "{\"@mlsync.problem\":\"entry is not a JSON object but a number\",\"@mlsync.entry\":\"-1500.0\"}");
        assertThat(run.counts().failed()).isEqualTo(7);
        assertThat(replica.strings("SELECT listing_key || ' ' || list_price FROM listing WHERE modification_timestamp = '"
                + T2 + "' ORDER BY 1")).containsExactly("L7 7.00", "L8 8.00");
        assertThat(replica.strings("SELECT cursor_key FROM resource_cursor WHERE feed_id = 'f1'")).containsExactly("L8");
    }

    @Test
    void bad_pages_should_fail_the_run_naming_what_was_wrong_and_lose_nothing_stored() throws Exception {
        String good = listing("L9", T2, 9);
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("truncated", text("{\"value\":[" + good + ",{\"ListingKey\":\"L8\",\"Modif"),
                "broken JSON at record 1"));
        cases.add(new Case("invalid UTF-8", bytes("{\"value\":[" + good + ",{\"ListingKey\":\"L8\","
                + "\"ModificationTimestamp\":\"" + T2 + "\",\"City\":\"", new byte[] {(byte) 0xC3, (byte) 0x28},
                "\"}]}"), "record 1 is not valid JSON: Invalid UTF-8"));
        cases.add(new Case("deeply nested", text("{\"value\":[" + good + ",{\"ListingKey\":\"L8\",\"X\":"
                + "[".repeat(100_000) + "]".repeat(100_000) + "}]}"), "nesting depth (1001) exceeds"));
        cases.add(new Case("huge string", text("{\"value\":[" + good + ",{\"ListingKey\":\"L8\",\"X\":\""
                + "x".repeat(20_000_100) + "\"}]}"), "String value length"));
        cases.add(new Case("value of the wrong type", text("{\"value\":{\"ListingKey\":\"L8\"}}"),
                "value is not an array"));
        cases.add(new Case("no value", text("{\"@odata.context\":\"$metadata#Property\"}"), "no value array"));
        cases.add(new Case("HTML", (exchange, request) -> ODataFixture.respond(200, "text/html",
                "<html>maintenance</html>", false).respond(exchange, request), "expected JSON but got text/html"));
        for (Case hostile : cases) {
            server.only("/api/Property", hostile.responder());
            RunResult run = sync(feed, RunKind.INCREMENTAL);

            assertThat(run.succeeded()).as(hostile.name()).isFalse();
            assertThat(run.error()).as(hostile.name()).contains("f1", "Property").containsIgnoringCase(hostile.why());
            assertThat(run.error().length()).as(hostile.name()).isLessThan(2_000);
            assertThat(replica.strings(STORED).getFirst()).as(hostile.name()).isEqualTo(seeded);
            assertThat(replica.strings("SELECT cursor_timestamp FROM resource_cursor WHERE feed_id = 'f1'"))
                    .as(hostile.name()).containsExactly("2026-01-01 00:00:00+00");
            assertThat(sync(other, RunKind.FULL).succeeded()).as("the other feed after " + hostile.name()).isTrue();
        }
    }

    private record Case(String name, ODataFixture.Responder responder, String why) {
    }

    private static ODataFixture.Responder text(String body) {
        return bytes(body);
    }

    private static ODataFixture.Responder bytes(Object... parts) {
        return (exchange, request) -> {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            for (Object part : parts) {
                body.write(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, body.size());
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        };
    }
}
