package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlsync.config.AuthConfig;
import dev.mlsync.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the RETS client against what real servers said: every recorded exchange of
 * fixtures/rets/flexmls-recorded is replayed by a loopback server (with Digest and a session) and read
 * by the client.
 */
class RetsRecordedExchangesIT {
    static final String HOST = "get/retsgw.flexmls.com/";
    static final String LOGIN_172 = "post/retsgw.flexmls.com/rets2_1_Login/57b9c3a515cb43d1141653c3f1395981.txt";
    static final String LOGIN_15 = HOST + "rets2_1_Login/e5df43b61e717bc8e3d4759aad894e2f.txt";
    static final String LOGIN_15_MEMBER = HOST + "rets2_1_Login/e053c8fc90ca621443437db0a2f963d1.txt";
    static final String LOGIN_ACTION = HOST + "action_rets2_1_Login/03cd0f6cb206f18aed8f4979939a9482.txt";
    static final String LOGIN_LIMITED = HOST + "limited_rets2_1_Login/d848b86daf1f828cdf637404afc72626.txt";
    static final String METADATA = HOST + "rets2_1_GetMetadata/";
    static final String SEARCH = HOST + "rets2_1_Search/";
    static final String GET_OBJECT = HOST + "rets2_1_GetObject/";

    private ReplayServer server;
    private RetsSession session;
    private RetsHttp http;

    @BeforeEach
    void start() throws IOException {
        server = new ReplayServer().answer("/rets2_1/Login", LOGIN_172);
        http = new RetsHttp("replay", HttpClient.newHttpClient());
        session = session(AuthConfig.password(ReplayServer.USER, ReplayServer.PASSWORD, null, null));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RetsSession session(AuthConfig auth) {
        return new RetsSession(http, server.loginUrl(), auth, "RETS/1.7.2", () -> "0a4f113b");
    }

    @Test
    void login_answers_digest_and_resolves_relative_capability_urls() {
        URI search = session.capability("Search");

        assertThat(search).isEqualTo(server.loginUrl().resolve("/rets2_1/Search"));
        assertThat(session.capability("GetObject").getPath()).isEqualTo("/rets2_1/GetObject");
        assertThat(session.offers("X-SampleLinks")).isFalse();
        assertThat(session.serverVersion()).isEqualTo("RETS/1.7.2");
        ReplayServer.Seen login = server.seen().getLast();
        assertThat(login.header("Authorization")).startsWith("Digest username=\"demo\"").contains("qop=auth", "nc=00000001");
        assertThat(login.header("RETS-Version")).isEqualTo("RETS/1.7.2");
        assertThat(login.header("User-Agent")).isEqualTo(RetsSession.DEFAULT_USER_AGENT);
        assertThat(server.count("/rets2_1/Login")).isEqualTo(2); // the challenge, then the answer
    }

    @Test
    void later_requests_reuse_the_challenge_and_send_the_session_cookie() {
        server.answer("/rets2_1/GetMetadata", METADATA + "3f61a38b92bfdb51eaf133bf516b2483.txt");
        new MetadataLoader(session, http, dev.mlsync.config.RetsConfig.of("A")).get("METADATA-SYSTEM", "*");

        ReplayServer.Seen metadata = server.seen().getLast();
        assertThat(server.seen()).hasSize(3);
        assertThat(metadata.header("Cookie")).isEqualTo("JSESSIONID=97E33745AA70551F2422EBAFAFD4CE99.rets3");
        assertThat(metadata.header("Authorization")).contains("nc=00000002");
        assertThat(metadata.query()).isEqualTo("Type=METADATA-SYSTEM&ID=*&Format=COMPACT");
    }

    @Test
    void login_variants_of_rets_1_5_and_other_paths() {
        server.answer("/rets2_1/Login", LOGIN_15);
        assertThat(session.serverVersion()).isEqualTo("RETS/1.5");
        assertThat(session.capability("Logout").getPath()).isEqualTo("/rets2_1/Logout");

        server.answer("/rets2_1/Login", LOGIN_15_MEMBER);
        assertThat(session(auth()).capability("GetMetadata").getPath()).isEqualTo("/rets2_1/GetMetadata");

        server.answer("/rets2_1/Login", LOGIN_ACTION);
        RetsSession action = session(auth());
        assertThat(action.capability("Action").getPath()).isEqualTo("/action/rets2_1/Action");
        assertThat(action.capability("Search").getPath()).isEqualTo("/action/rets2_1/Search");

        server.answer("/rets2_1/Login", LOGIN_LIMITED);
        RetsSession limited = session(auth());
        assertThat(limited.offers("Search")).isTrue();
        assertThat(limited.offers("GetMetadata")).isFalse();
        assertThat(limited.offers("GetObject")).isFalse();
        assertThatThrownBy(() -> limited.capability("GetObject")).isInstanceOf(SourceException.class)
                .hasMessageContaining("lists no GetObject URL");
    }

    @Test
    void a_wrong_password_is_an_auth_error_without_the_password() {
        RetsSession wrong = session(AuthConfig.password(ReplayServer.USER, "not-the-password", null, null));

        assertThatThrownBy(() -> wrong.capability("Search")).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.category()).isEqualTo(SourceException.Category.AUTH);
            assertThat(e.getMessage()).contains("feed replay", "Login", "auth.username").doesNotContain("not-the-password");
        });
    }

    @Test
    void ua_authorization_is_sent_when_a_user_agent_password_is_configured() {
        RetsSession ua = session(AuthConfig.password(ReplayServer.USER, ReplayServer.PASSWORD, "mlsync-test/1.0", "ua-pass"));
        ua.capability("Search");

        ReplayServer.Seen login = server.seen().getLast();
        assertThat(login.header("User-Agent")).isEqualTo("mlsync-test/1.0");
        String a1 = Digest.md5("mlsync-test/1.0:ua-pass");
        assertThat(login.header("RETS-UA-Authorization")).isEqualTo("Digest " + Digest.md5(a1 + "::" + ":RETS/1.7.2"));
    }

    @Test
    void metadata_of_every_level_in_both_xml_shapes() {
        Map<String, String> byType = Map.of(
                "METADATA-SYSTEM", "3f61a38b92bfdb51eaf133bf516b2483.txt",
                "METADATA-RESOURCE", "b3a4345b713492d24315d1f92665d7a6.txt",
                "METADATA-CLASS", "9ed93625ec4cad577e42158701ae7b44.txt",
                "METADATA-TABLE", "bbe857812f04d9e40c3508c212ab0ebe.txt",
                "METADATA-LOOKUP_TYPE", "785c884c29c4c4d17deb0fcd89cd5282.txt",
                "METADATA-OBJECT", "9d194ccfcc9edb5a93dea267d1f9c91d.txt");
        server.answer("/rets2_1/GetMetadata", query -> RecordedExchange.load(METADATA
                + byType.get(query.replaceAll(".*Type=([A-Z_-]+).*", "$1"))));
        MetadataLoader loader = new MetadataLoader(session, http, dev.mlsync.config.RetsConfig.of("A"));
        List<MetadataTable> tables = new ArrayList<>();
        byType.keySet().forEach(type -> tables.addAll(loader.get(type, "Property:A")));

        RetsMetadata metadata = RetsMetadata.of(tables, "Property", List.of("A"));
        assertThat(metadata.systemId()).isEqualTo("demomls");
        assertThat(metadata.keyField()).isEqualTo("LIST_1");
        assertThat(metadata.fields()).hasSize(313);
        assertThat(metadata.field("LIST_22")).isEqualTo(new RetsMetadata.Field("LIST_22", "ListPrice", "List Price",
                "Decimal", "Number", null));
        assertThat(metadata.field("LIST_15").isLookup()).isTrue();
        assertThat(metadata.decode("20000426151013376279000000", "5PSUX4AVW7L")).isEqualTo("Townhouse and Condos");
        MetadataTable classes = table(tables, "CLASS");
        assertThat(classes.rows()).extracting(row -> row.get("ClassName")).contains("A", "B", "C");
        MetadataTable objects = table(tables, "OBJECT");
        assertThat(objects.rows().getFirst()).containsEntry("ObjectType", "Photo").containsEntry("ObjectCount", "LIST_133");
    }

    @Test
    void metadata_of_rets_1_5_uses_child_elements_and_lookup_elements() {
        server.answer("/rets2_1/GetMetadata", query -> RecordedExchange.load(METADATA
                + (query.contains("SYSTEM") ? "940a2bcb4240708a30ed3e4abd2a3056.txt" : "641d8d7917275a5ad955e16077733535.txt")));
        MetadataLoader loader = new MetadataLoader(session, http, dev.mlsync.config.RetsConfig.of("A"));
        List<MetadataTable> tables = new ArrayList<>(loader.get("METADATA-SYSTEM", "*"));
        tables.addAll(loader.get("METADATA-LOOKUP_TYPE", "Property:*"));

        RetsMetadata metadata = RetsMetadata.of(tables, "Property", List.of("A"));
        assertThat(metadata.systemId()).isEqualTo("demomls");
        assertThat(metadata.decode("20000426151013376279000000", "5PSUX49PM1Q")).isEqualTo("Lake/Other");
    }

    @Test
    void empty_metadata_and_the_lookup_path_variant() {
        server.answer("/rets2_1/GetMetadata", METADATA + "0c110d39a7815a91b58a68006aa42dbf.txt");
        MetadataLoader loader = new MetadataLoader(session, http, dev.mlsync.config.RetsConfig.of("A"));
        assertThat(loader.get("METADATA-TABLE", "Property:A")).isEmpty();

        server.answer("/rets2_1/GetMetadata", HOST + "lookup_rets2_1_GetMetadata/9d3ab35ecd3b097760867c2d7259ed83.txt");
        assertThat(loader.get("METADATA-LOOKUP_TYPE", "Property:*").getFirst().rows()).hasSize(6);
    }

    @Test
    void search_with_maxrows_count_and_the_last_page() {
        server.answer("/rets2_1/Search", SEARCH + "77bebac441fa391975e56cb720f2d7e7.txt");
        CompactResult first = search();
        assertThat(first.count()).isEqualTo(40);
        assertThat(first.columns()).containsExactly("LIST_1");
        assertThat(first.rows()).hasSize(15);
        assertThat(first.rows().getFirst().values()).containsExactly("20140904164308260560000000");
        assertThat(first.maxRows()).isTrue();

        server.answer("/rets2_1/Search", SEARCH + "71fb8c90d106cf1f88c5687044918787.txt");
        CompactResult last = search();
        assertThat(last.rows()).hasSize(10);
        assertThat(last.maxRows()).isFalse();
    }

    @Test
    void count_only_search_and_a_search_without_delimiter() {
        server.answer("/rets2_1/Search", "post/retsgw.flexmls.com/rets2_1_Search/1a8858c3dc1b01aff879cb7fcb2ca735.txt");
        CompactResult count = search();
        assertThat(count.count()).isEqualTo(9092);
        assertThat(count.maxRows()).isTrue();

        server.answer("/rets2_1/Search", SEARCH + "1aa3b4454404b11492369cc3f2b95e8f.txt");
        CompactResult noDelimiter = search();
        assertThat(noDelimiter.rows()).hasSize(15).allSatisfy(row -> assertThat(row.problem()).isNull());
    }

    @Test
    void search_rows_of_many_columns_keep_empty_values() {
        server.answer("/rets2_1/Search", SEARCH + "772dbb6548885978fd7b656175e0b817.txt");
        CompactResult result = search();

        assertThat(result.columns()).containsExactly("LIST_0", "LIST_1", "LIST_5", "LIST_106", "LIST_105", "LIST_15",
                "LIST_22", "LIST_10", "LIST_30");
        assertThat(result.rows().get(1).values()).containsExactly("20000426143505724628000000",
                "20081003152306903177000000", "20000426173054425873000000", "20000426173054342350000000", "07-310",
                "Expired", "1759.00", "2008-10-03", "");
        assertThat(result.rows()).allSatisfy(row -> assertThat(row.problem()).isNull());
    }

    @Test
    void the_error_reply_names_its_code_and_text() {
        server.answer("/rets2_1/Search", SEARCH + "f065035031b4ce43d3e5374517306e20.txt");
        CompactResult result = search();

        assertThat(result.reply().code()).isEqualTo(20203);
        assertThat(result.reply().text()).contains("Specified Class (Z) is not valid");
    }

    @Test
    void multipart_get_object_of_22_photos_is_read_part_by_part() throws Exception {
        server.answer("/rets2_1/GetObject", GET_OBJECT + "204749e19efea78e43edf1f3333ee44b.txt");
        List<ObjectAnswer.Item> items = objects();

        assertThat(items).hasSize(22);
        assertThat(items).extracting(item -> item.object().objectId())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 22).mapToObj(Integer::toString).toList());
        assertThat(items).allSatisfy(item -> {
            assertThat(item.object().contentId()).isEqualTo("14-52");
            assertThat(item.object().contentType()).isEqualTo("image/jpeg");
            byte[] jpeg = ((Bytes) item.object().body()).bytes;
            assertThat(jpeg).startsWith(0xFF, 0xD8);
            assertThat(jpeg[jpeg.length - 2] & 0xFF).isEqualTo(0xFF);
            assertThat(jpeg[jpeg.length - 1] & 0xFF).isEqualTo(0xD9);
        });
        assertThat(items.getFirst().object().description()).isEqualTo("Walls");
        assertThat(items.getFirst().object().preferred()).isTrue();
        long total = items.stream().mapToLong(item -> ((Bytes) item.object().body()).bytes.length).sum();
        assertThat(total).isBetween(270_000L, 279_000L);
    }

    @Test
    void location_answers_single_part_and_multipart() throws Exception {
        server.answer("/rets2_1/GetObject", GET_OBJECT + "bc184498e2ca6712c7c2e8f5a4cec90e.txt");
        List<ObjectAnswer.Item> single = objects();
        assertThat(single).hasSize(1);
        assertThat(single.getFirst().object()).satisfies(o -> {
            assertThat(o.contentId()).isEqualTo("00-1669");
            assertThat(o.objectId()).isEqualTo("1");
            assertThat(o.location()).isEqualTo("http://cdn.photos.flexmls.com/demomls/20140430153341745985000000.jpg");
            assertThat(o.description()).isEqualTo("Hydrangeas");
        });

        server.answer("/rets2_1/GetObject", GET_OBJECT + "27e68249f6feeb17925a7af12c75e3e9.txt");
        List<ObjectAnswer.Item> multi = objects();
        assertThat(multi).hasSize(1);
        assertThat(multi.getFirst().failed()).isFalse();
        assertThat(multi.getFirst().object().location()).isEqualTo("http://someurl");
        assertThat(multi.getFirst().object().contentId()).isEqualTo("234567865");
    }

    @Test
    void the_unit_multipart_of_five_location_parts() throws Exception {
        String literal = new String(RecordedExchange.bytes(RecordedExchange.ROOT + "unit-Fixtures-GetObject-Multiple1.txt"),
                StandardCharsets.UTF_8);
        byte[] body = new ObjectMapper().readValue(literal, String.class).getBytes(StandardCharsets.ISO_8859_1);
        String boundary = "FLEXeTNY6TFTGAwV1agjJsFyFogbnfoS1dm6y489g08F2TjwZWzQEW";
        server.answer("/rets2_1/GetObject", query -> new RecordedExchange(200,
                List.<String[]>of(new String[] {"Content-Type", "multipart/parallel; boundary=" + boundary}), body));
        List<ObjectAnswer.Item> items = objects();

        assertThat(items).extracting(item -> item.object().location())
                .containsExactly("http://url1.jpg", "http://url2.jpg", "http://url3.jpg", "http://url4.jpg", "http://url5.jpg");
        assertThat(items).extracting(item -> item.object().description())
                .containsExactly("Exterior Main View", "Exterior Back", "Foyer", "Living Room", "Dining Room");
        assertThat(items.getFirst().object().preferred()).isTrue();
    }

    @Test
    void a_per_part_rets_error_is_that_objects_error() throws Exception {
        String boundary = "simpleboundary";
        String body = "--" + boundary + "\r\nContent-Type: image/jpeg\r\nContent-ID: 1\r\nObject-ID: 1\r\n\r\nJPEGBYTES\r\n--"
                + boundary + "\r\nContent-Type: text/xml\r\nContent-ID: 1\r\nObject-ID: 2\r\n\r\n"
                + "<RETS ReplyCode=\"20403\" ReplyText=\"No Object Found\"/>\r\n--" + boundary + "--\r\n";
        server.answer("/rets2_1/GetObject", query -> new RecordedExchange(200, List.<String[]>of(
                new String[] {"Content-Type", "multipart/parallel; boundary=\"" + boundary + "\""}),
                body.getBytes(StandardCharsets.ISO_8859_1)));
        List<ObjectAnswer.Item> items = objects();

        assertThat(items).hasSize(2);
        assertThat(new String(((Bytes) items.getFirst().object().body()).bytes, StandardCharsets.ISO_8859_1)).isEqualTo("JPEGBYTES");
        assertThat(items.get(1).failed()).isTrue();
        assertThat(items.get(1).reply().code()).isEqualTo(20403);
    }

    @Test
    void an_expired_session_logs_in_again_and_repeats_the_request() {
        server.answer("/rets2_1/Search", SEARCH + "71fb8c90d106cf1f88c5687044918787.txt");
        search();
        server.expireSession();

        assertThat(search().rows()).hasSize(10);
        assertThat(session.logins()).isEqualTo(2);
    }

    @Test
    void reply_20037_or_20701_logs_in_again_and_repeats_the_request() {
        server.answer("/rets2_1/GetMetadata", METADATA + "3f61a38b92bfdb51eaf133bf516b2483.txt");
        MetadataLoader loader = new MetadataLoader(session, http, dev.mlsync.config.RetsConfig.of("A"));
        loader.get("METADATA-SYSTEM", "*");

        server.replyOnce("20037");
        assertThat(loader.get("METADATA-SYSTEM", "*")).singleElement().satisfies(t -> assertThat(t.type()).isEqualTo("SYSTEM"));
        server.replyOnce("20701");
        assertThat(loader.get("METADATA-SYSTEM", "*")).hasSize(1);
        assertThat(session.logins()).isEqualTo(3);
    }

    @Test
    void a_session_that_ends_again_after_the_new_login_is_an_auth_error() {
        server.answer("/rets2_1/Search", SEARCH + "71fb8c90d106cf1f88c5687044918787.txt");
        session.capability("Search");
        server.dropSessions();

        assertThatThrownBy(this::search).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.category()).isEqualTo(SourceException.Category.AUTH);
            assertThat(e.getMessage()).contains("ended the session again right after a new login");
        });
    }

    @Test
    void logout_ends_the_session() {
        server.answer("/rets2_1/Logout", HOST + "rets2_1_Logout/18f6b7bfb97630b9cdbfd8af1b817310.txt");
        session.capability("Search");
        session.logout();

        assertThat(server.seen().getLast().path()).isEqualTo("/rets2_1/Logout");
        assertThat(server.seen().getLast().header("Cookie")).contains("JSESSIONID=");
    }

    private CompactResult search() {
        return session.call("Search", Map.of("SearchType", "Property", "Class", "A"), response -> {
            try (InputStream body = RetsHttp.body(response)) {
                return CompactResult.read(body, RetsXml.MAX_BYTES);
            }
        });
    }

    @Test
    void fetch_media_asks_one_get_object_per_listing_and_hands_each_part_to_its_reference() {
        server.answer("/rets2_1/GetObject", GET_OBJECT + "204749e19efea78e43edf1f3333ee44b.txt");
        List<String> urls = new ArrayList<>();
        for (int id = 1; id <= 23; id++) {
            urls.add(new ObjectReference("Photo", "14-52", Integer.toString(id)).url());
        }
        Map<String, byte[]> received = new java.util.LinkedHashMap<>();
        Map<String, SourceException> refused = new java.util.LinkedHashMap<>();
        source().fetchMedia(urls, receiver(received, refused));

        assertThat(received.keySet()).containsExactlyElementsOf(urls.subList(0, 22));
        assertThat(received.values()).allSatisfy(jpeg -> assertThat(jpeg).startsWith(0xFF, 0xD8));
        assertThat(refused).containsOnlyKeys(urls.get(22));
        assertThat(refused.get(urls.get(22)).category()).isEqualTo(SourceException.Category.SERVER);
        assertThat(refused.get(urls.get(22))).hasMessageContaining("object 14-52:23: the answer holds no part for it");
        assertThat(server.seen()).filteredOn(r -> r.path().endsWith("GetObject")).singleElement().satisfies(r ->
                assertThat(r.query()).contains("ID=14-52%3A1%3A2%3A3").contains("%3A23"));
    }

    @Test
    void fetch_media_refuses_only_the_object_of_an_error_part() {
        String boundary = "simpleboundary";
        String body = "--" + boundary + "\r\nContent-Type: image/jpeg\r\nContent-ID: 1\r\nObject-ID: 1\r\n\r\nJPEGBYTES\r\n--"
                + boundary + "\r\nContent-Type: text/xml\r\nContent-ID: 1\r\nObject-ID: 2\r\n\r\n"
                + "<RETS ReplyCode=\"20403\" ReplyText=\"No Object Found\"/>\r\n--" + boundary + "--\r\n";
        server.answer("/rets2_1/GetObject", query -> new RecordedExchange(200, List.<String[]>of(
                new String[] {"Content-Type", "multipart/parallel; boundary=\"" + boundary + "\""}),
                body.getBytes(StandardCharsets.ISO_8859_1)));
        Map<String, byte[]> received = new java.util.LinkedHashMap<>();
        Map<String, SourceException> refused = new java.util.LinkedHashMap<>();
        source().fetchMedia(List.of("rets-object:Photo/1/1", "rets-object:Photo/1/2"), receiver(received, refused));

        assertThat(new String(received.get("rets-object:Photo/1/1"), StandardCharsets.ISO_8859_1)).isEqualTo("JPEGBYTES");
        assertThat(refused).containsOnlyKeys("rets-object:Photo/1/2");
        assertThat(refused.get("rets-object:Photo/1/2").category()).isEqualTo(SourceException.Category.BAD_REQUEST);
        assertThat(refused.get("rets-object:Photo/1/2")).hasMessageContaining("object 1:2: RETS reply 20403 No Object Found");
    }

    private RetsSource source() {
        dev.mlsync.config.FeedConfig feed = new dev.mlsync.config.FeedConfig("replay", dev.mlsync.config.Provider.RETS,
                server.loginUrl(), auth(), null, List.of("Property"), 100, dev.mlsync.config.ProfileOverrides.none(),
                null, null).withRets(new dev.mlsync.config.RetsConfig(null, List.of("RES"), null, null, null, null,
                dev.mlsync.config.RetsConfig.Photos.OBJECTS, null, null));
        return RetsSource.of(feed, HttpClient.newHttpClient(), java.time.Clock.systemUTC());
    }

    private static dev.mlsync.source.MediaReceiver receiver(Map<String, byte[]> received,
                                                           Map<String, SourceException> refused) {
        return new dev.mlsync.source.MediaReceiver() {
            @Override
            public void received(String mediaUrl, String contentType, InputStream body) throws IOException {
                assertThat(received.put(mediaUrl, body.readAllBytes())).isNull();
            }

            @Override
            public void refused(String mediaUrl, SourceException reason) {
                assertThat(refused.put(mediaUrl, reason)).isNull();
            }
        };
    }

    /** Every item of a GetObject answer, bodies read into memory in order. */
    private List<ObjectAnswer.Item> objects() {
        return session.call("GetObject", Map.of("Resource", "Property", "Type", "Photo", "ID", "14-52:*"), response -> {
            List<ObjectAnswer.Item> items = new ArrayList<>();
            try (ObjectAnswer answer = ObjectAnswer.of(response.headers(), RetsHttp.body(response))) {
                for (ObjectAnswer.Item item = answer.next(); item != null; item = answer.next()) {
                    RetsObject o = item.object();
                    items.add(new ObjectAnswer.Item(new RetsObject(o.contentId(), o.objectId(), o.contentType(),
                            o.location(), o.description(), o.preferred(), new Bytes(o.body().readAllBytes())), item.reply()));
                }
            }
            return items;
        });
    }

    private static AuthConfig auth() {
        return AuthConfig.password(ReplayServer.USER, ReplayServer.PASSWORD, null, null);
    }

    private static MetadataTable table(List<MetadataTable> tables, String type) {
        return tables.stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow();
    }

    /** A body already read, kept for assertions. */
    static final class Bytes extends java.io.ByteArrayInputStream {
        final byte[] bytes;

        Bytes(byte[] bytes) {
            super(bytes);
            this.bytes = bytes;
        }
    }
}
