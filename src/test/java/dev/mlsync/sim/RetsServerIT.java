package dev.mlsync.sim;

import dev.mlsync.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RetsServerIT {
    private static final int N = 300;

    private static Simulator start(RetsOptions rets) {
        return Simulator.start(SimOptions.of(N).withProfile(SimProfile.RETS).withRets(rets));
    }

    private static RetsTestClient loggedIn(Simulator sim) {
        RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
        assertThat(client.login(RetsOptions.DEFAULT_USERNAME, RetsOptions.DEFAULT_PASSWORD).status()).isEqualTo(200);
        return client;
    }

    /** Live listings of a class in (ModificationTimestamp, key) order, from the truth and the RESO field. */
    private static List<TruthRecord> live(Simulator sim) {
        return sim.truth("Property").stream().filter(t -> !t.deleted())
                .sorted(Comparator.comparing(TruthRecord::modificationTimestamp).thenComparing(TruthRecord::key)).toList();
    }

    private static List<String> allKeys(RetsTestClient client) {
        List<String> keys = new java.util.ArrayList<>();
        for (RetsSchema.RetsClass c : RetsSchema.CLASSES) {
            RetsTestClient.Compact page = client.search("SearchType", "Property", "Class", c.name(), "QueryType", "DMQL2",
                    "Query", "(LIST_87=2000-01-01T00:00:00+)", "Select", "LIST_1", "Limit", "NONE");
            keys.addAll(page.column("LIST_1"));
        }
        return keys;
    }

    @Test
    void login_should_answer_a_digest_challenge_set_a_session_cookie_and_list_capability_urls() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
            RetsTestClient.Response r = client.login("simuser", "simpass");

            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("RETS-Version")).isEqualTo("RETS/1.7.2");
            assertThat(r.replyCode()).isZero();
            assertThat(client.cookie()).startsWith("RETS-Session-ID=");
            assertThat(r.body()).contains("Search=/rets2_1/Search", "GetMetadata=http://127.0.0.1:" + sim.port()
                    + "/rets2_1/GetMetadata", "TimeoutSeconds=600");
            assertThat(client.capabilities()).containsKeys("Login", "Search", "GetMetadata", "GetObject", "Logout");
            assertThat(client.capabilities().get("Search").toString())
                    .isEqualTo("http://127.0.0.1:" + sim.port() + "/rets2_1/Search");
        }
    }

    @Test
    void login_with_a_wrong_password_should_be_refused_with_401_and_a_new_challenge() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
            RetsTestClient.Response r = client.login("simuser", "wrong");

            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Digest realm=\"rets@simmls\"").contains("qop=\"auth\"");
            assertThat(r.body()).doesNotContain("simpass");
            assertThat(client.call("Search", "SearchType", "Property", "Class", "A", "Query", "(LIST_1=*)").status())
                    .isEqualTo(401);
        }
    }

    @Test
    void basic_auth_should_work_when_configured_and_digest_should_then_be_refused() {
        try (Simulator sim = start(RetsOptions.defaults().withAuth(RetsOptions.Auth.BASIC))) {
            RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
            assertThat(client.login("simuser", "simpass").status()).isEqualTo(401);
            assertThat(client.loginBasic("simuser", "wrong").status()).isEqualTo(401);
            RetsTestClient.Response ok = client.loginBasic("simuser", "simpass");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("WWW-Authenticate")).isNull();
        }
    }

    @Test
    void search_should_return_every_live_listing_once_across_classes() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            sim.advance(Duration.ofHours(6));
            RetsTestClient client = loggedIn(sim);

            assertThat(allKeys(client)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(live(sim).stream().map(TruthRecord::key).toList());
            assertThat(sim.truth("Property")).anyMatch(TruthRecord::deleted);
        }
    }

    @Test
    void search_should_page_by_limit_and_one_based_offset_with_maxrows_and_count() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            String[] query = {"SearchType", "Property", "Class", "A", "QueryType", "DMQL2", "Format", "COMPACT-DECODED",
                    "Query", "(LIST_87=2000-01-01T00:00:00+)", "Select", "LIST_1,LIST_87", "Count", "1"};
            RetsTestClient.Compact all = client.search(concat(query, "Limit", "NONE"));
            RetsTestClient.Compact first = client.search(concat(query, "Limit", "10", "Offset", "1"));
            RetsTestClient.Compact second = client.search(concat(query, "Limit", "10", "Offset", "11"));
            RetsTestClient.Compact last = client.search(concat(query, "Limit", "10", "Offset",
                    String.valueOf(all.rows().size() - 4)));

            assertThat(all.count()).isEqualTo(all.rows().size()).isGreaterThan(30);
            assertThat(all.maxRows()).isFalse();
            assertThat(first.columns()).containsExactly("LIST_1", "LIST_87");
            assertThat(first.rows()).hasSize(10).isEqualTo(all.rows().subList(0, 10));
            assertThat(first.maxRows()).isTrue();
            assertThat(first.count()).isEqualTo(all.count());
            assertThat(second.rows()).isEqualTo(all.rows().subList(10, 20));
            assertThat(last.rows()).hasSize(5);
            assertThat(last.maxRows()).isFalse();
            List<String> stamps = all.column("LIST_87");
            assertThat(stamps).isSorted();
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void the_server_row_cap_should_truncate_with_maxrows_whatever_the_limit() {
        try (Simulator sim = start(RetsOptions.defaults().withMaxRows(25))) {
            RetsTestClient.Compact page = loggedIn(sim).search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2000-01-01T00:00:00+)", "Limit", "100", "Select", "LIST_1");
            assertThat(page.rows()).hasSize(25);
            assertThat(page.maxRows()).isTrue();
        }
    }

    @Test
    void count_only_and_no_records_should_use_their_reply_codes() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Compact countOnly = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2000-01-01T00:00:00+)", "Count", "2");
            RetsTestClient.Compact none = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2030-01-01T00:00:00+)", "Count", "1");

            assertThat(countOnly.replyCode()).isZero();
            assertThat(countOnly.count()).isPositive();
            assertThat(countOnly.rows()).isEmpty();
            assertThat(countOnly.columns()).isEmpty();
            assertThat(none.replyCode()).isEqualTo(20201);
            assertThat(none.count()).isZero();
            assertThat(none.rows()).isEmpty();
        }
    }

    @Test
    void a_timestamp_cursor_query_should_return_exactly_the_records_at_or_after_it() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            sim.advance(Duration.ofHours(2));
            List<TruthRecord> live = live(sim);
            TruthRecord pivot = live.get(live.size() - 20);
            String cursor = pivot.modificationTimestamp().toString();
            RetsTestClient client = loggedIn(sim);
            List<String> keys = new java.util.ArrayList<>();
            for (RetsSchema.RetsClass c : RetsSchema.CLASSES) {
                RetsTestClient.Compact page = client.search("SearchType", "Property", "Class", c.name(), "Query",
                        "(LIST_87=" + cursor + "+)", "Select", "LIST_1");
                keys.addAll(page.rows().stream().map(r -> r.getFirst()).toList());
            }

            assertThat(keys).containsExactlyInAnyOrderElementsOf(live.stream()
                    .filter(t -> !t.modificationTimestamp().isBefore(pivot.modificationTimestamp()))
                    .map(TruthRecord::key).toList());
        }
    }

    @Test
    void compact_should_send_lookup_codes_and_compact_decoded_their_long_values() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            String[] query = {"SearchType", "Property", "Class", "A", "Query", "(LIST_15=|A,U)", "Select",
                    "LIST_1,LIST_15,LIST_39,LIST_22", "Limit", "50"};
            RetsTestClient.Compact codes = client.search(concat(query, "Format", "COMPACT"));
            RetsTestClient.Compact decoded = client.search(concat(query, "Format", "COMPACT-DECODED"));

            assertThat(codes.column("LIST_15")).isNotEmpty().allMatch(v -> v.equals("A") || v.equals("U"));
            assertThat(decoded.column("LIST_15")).allMatch(v -> v.equals("Active") || v.equals("Active Under Contract"));
            assertThat(codes.column("LIST_39")).contains("DENVE");
            assertThat(decoded.column("LIST_39")).contains("Denver");
            assertThat(decoded.column("LIST_22")).allMatch(v -> v.matches("\\d+\\.00"));
            assertThat(codes.column("LIST_1")).isEqualTo(decoded.column("LIST_1"));
        }
    }

    @Test
    void key_lists_ranges_and_or_should_filter_like_dmql2() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            List<String> some = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2000-01-01T00:00:00+)", "Select", "LIST_1", "Limit", "3").column("LIST_1");
            RetsTestClient.Compact byKey = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_1=" + String.join(",", some) + ")", "Select", "LIST_1");
            RetsTestClient.Compact priced = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_22=300000-500000),~(LIST_15=|S)", "Select", "LIST_22,LIST_15", "Format", "COMPACT");
            RetsTestClient.Compact either = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_1=" + some.get(0) + ")|(LIST_1=" + some.get(2) + ")", "Select", "LIST_1");

            assertThat(byKey.column("LIST_1")).containsExactlyInAnyOrderElementsOf(some);
            assertThat(priced.rows()).isNotEmpty().allSatisfy(r -> {
                assertThat(Double.parseDouble(r.get(0))).isBetween(300000.0, 500000.0);
                assertThat(r.get(1)).isNotEqualTo("S");
            });
            assertThat(either.column("LIST_1")).containsExactlyInAnyOrder(some.get(0), some.get(2));
        }
    }

    @Test
    void bad_queries_should_get_rets_error_codes_naming_the_problem() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Response syntax = client.call("Search", "SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=yesterday+)");
            RetsTestClient.Response unencodedPlus = client.call("Search", "SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2026-01-01T00:00:00 )");
            RetsTestClient.Response field = client.call("Search", "SearchType", "Property", "Class", "A", "Query",
                    "(NOPE=1)");
            RetsTestClient.Response select = client.call("Search", "SearchType", "Property", "Class", "A", "Query",
                    "(LIST_1=*)", "Select", "LIST_1,NOPE");
            RetsTestClient.Response clazz = client.call("Search", "SearchType", "Property", "Class", "Z", "Query",
                    "(LIST_1=*)");

            assertThat(syntax.status()).isEqualTo(200);
            assertThat(syntax.replyCode()).isEqualTo(20206);
            assertThat(syntax.body()).contains("LIST_87", "yesterday");
            assertThat(unencodedPlus.body()).contains("%2B");
            assertThat(field.replyCode()).isEqualTo(20200);
            assertThat(select.replyCode()).isEqualTo(20202);
            assertThat(clazz.replyCode()).isEqualTo(20203);
            assertThat(clazz.body()).contains("(Z)");
        }
    }

    @Test
    void standard_names_should_name_columns_and_query_fields_and_limit_0_should_count_without_rows() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            RetsTestClient.Compact named = client.search("SearchType", "Property", "Class", "A", "StandardNames", "1",
                    "Query", "(ModificationTimestamp=2000-01-01T00:00:00+)", "Select", "ListingKey,ListPrice",
                    "Limit", "3");
            RetsTestClient.Compact zero = client.search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2000-01-01T00:00:00+)", "Limit", "0", "Count", "1");

            assertThat(named.columns()).containsExactly("ListingKey", "ListPrice");
            assertThat(named.rows()).hasSize(3);
            assertThat(zero.replyCode()).isZero();
            assertThat(zero.count()).isPositive();
            assertThat(zero.rows()).isEmpty();
            assertThat(zero.maxRows()).isTrue();
        }
    }

    @Test
    void a_custom_delimiter_should_be_announced_and_used() {
        try (Simulator sim = start(RetsOptions.defaults().withDelimiter('|'))) {
            RetsTestClient.Compact page = loggedIn(sim).search("SearchType", "Property", "Class", "A", "Query",
                    "(LIST_87=2000-01-01T00:00:00+)", "Select", "LIST_1,LIST_105,LIST_87", "Limit", "5");
            assertThat(page.delimiter()).isEqualTo("|");
            assertThat(page.rows()).hasSize(5).allSatisfy(r -> assertThat(r).hasSize(3));
        }
    }

    @Test
    void an_idle_session_should_expire_with_401_and_20701_until_the_client_logs_in_again() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (Simulator sim = Simulator.start(SimOptions.of(N).withProfile(SimProfile.RETS).withClock(clock)
                .withRets(RetsOptions.defaults().withSessionTimeout(Duration.ofSeconds(60))))) {
            RetsTestClient client = loggedIn(sim);
            String[] query = {"SearchType", "Property", "Class", "A", "Query", "(LIST_1=*)", "Count", "2"};
            assertThat(client.call("Search", query).replyCode()).isZero();
            clock.advance(Duration.ofSeconds(59));
            assertThat(client.call("Search", query).replyCode()).isZero();
            clock.advance(Duration.ofSeconds(60));

            RetsTestClient.Response expired = client.call("Search", query);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.replyCode()).isEqualTo(20701);
            assertThat(expired.header("WWW-Authenticate")).startsWith("Digest ");
            assertThat(client.call("Search", query).status()).as("still expired").isEqualTo(401);

            assertThat(client.login("simuser", "simpass").status()).isEqualTo(200);
            assertThat(client.call("Search", query).replyCode()).isZero();
        }
    }

    @Test
    void a_session_should_expire_after_its_transaction_limit_and_at_logout() {
        try (Simulator sim = start(RetsOptions.defaults().withSessionRequests(2))) {
            RetsTestClient client = loggedIn(sim);
            String[] query = {"SearchType", "Property", "Class", "A", "Query", "(LIST_1=*)", "Count", "2"};
            assertThat(client.call("Search", query).status()).isEqualTo(200);
            assertThat(client.call("Search", query).status()).isEqualTo(200);
            assertThat(client.call("Search", query).status()).isEqualTo(401);

            client.login("simuser", "simpass");
            RetsTestClient.Response logout = client.call("Logout");
            assertThat(logout.replyCode()).isZero();
            assertThat(logout.body()).contains("SignOffMessage");
            assertThat(client.call("Search", query).status()).isEqualTo(401);
        }
    }

    @Test
    void the_same_seed_should_serve_the_same_search_bytes() {
        String[] query = {"SearchType", "Property", "Class", "A", "Query", "(LIST_87=2000-01-01T00:00:00+)", "Limit", "40"};
        String first;
        try (Simulator sim = start(RetsOptions.defaults())) {
            sim.advance(Duration.ofHours(1));
            first = loggedIn(sim).call("Search", query).body();
        }
        try (Simulator sim = start(RetsOptions.defaults())) {
            sim.advance(Duration.ofHours(1));
            assertThat(loggedIn(sim).call("Search", query).body()).isEqualTo(first);
        }
    }

    @Test
    void a_form_encoded_post_search_should_work_and_be_logged_with_its_parameters() throws Exception {
        try (Simulator sim = start(RetsOptions.defaults())) {
            RetsTestClient client = loggedIn(sim);
            String form = "SearchType=Property&Class=A&QueryType=DMQL2&Count=2&Query="
                    + RetsTestClient.enc("(LIST_87=2000-01-01T00:00:00+)");
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(client.capabilities().get("Search"))
                            .header("Cookie", client.cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("ReplyCode=\"0\"", "<COUNT Records=\"");
            assertThat(sim.requests().getLast().pathAndQuery()).isEqualTo("/rets2_1/Search?" + form);
        }
    }

    @Test
    void user_agent_authorization_should_be_checked_when_configured() {
        try (Simulator sim = start(RetsOptions.defaults().withUaPassword("uapass"))) {
            RetsTestClient client = new RetsTestClient(sim.retsLoginUrl());
            RetsTestClient.Response refused = client.login("simuser", "simpass");
            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.replyCode()).isEqualTo(20041);

            client.userAgent("mlsync-test/1.0", "uapass");
            assertThat(client.login("simuser", "simpass").replyCode()).isZero();
            assertThat(client.call("Search", "SearchType", "Property", "Class", "A", "Query", "(LIST_1=*)", "Count", "2")
                    .replyCode()).isZero();
            client.userAgent("mlsync-test/1.0", "wrong");
            RetsTestClient.Response wrong = client.call("Search", "SearchType", "Property", "Class", "A", "Query",
                    "(LIST_1=*)", "Count", "2");
            assertThat(wrong.replyCode()).isEqualTo(20041);
            assertThat(wrong.body()).doesNotContain("uapass", "wrong");
        }
    }

    @Test
    void requests_should_be_logged_with_the_rets_user_as_credential() {
        try (Simulator sim = start(RetsOptions.defaults())) {
            loggedIn(sim).call("Search", "SearchType", "Property", "Class", "A", "Query", "(LIST_1=*)", "Count", "2");
            List<RequestLogEntry> log = sim.requests();
            assertThat(log).extracting(RequestLogEntry::status).containsExactly(401, 200, 200);
            assertThat(log.get(2).pathAndQuery()).startsWith("/rets2_1/Search?");
            Map<String, Long> byCredential = log.stream().filter(e -> e.credential() != null)
                    .collect(Collectors.groupingBy(RequestLogEntry::credential, Collectors.counting()));
            assertThat(byCredential).hasSize(1);
        }
    }
}
