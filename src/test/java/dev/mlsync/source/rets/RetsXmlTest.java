package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLStreamException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetsXmlTest {
    private static InputStream body(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_external_entity_is_never_resolved(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE RETS [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<RETS ReplyCode=\"0\" ReplyText=\"ok\"><COLUMNS>\tA\t</COLUMNS><DATA>\t&x;\t</DATA></RETS>";

        assertThatThrownBy(() -> CompactResult.read(body(xml), RetsXml.MAX_BYTES))
                .isInstanceOf(XMLStreamException.class).hasMessageNotContaining("TOP-SECRET-CONTENT");
    }

    @Test
    void entity_expansion_is_refused() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE RETS [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                + "<RETS ReplyCode=\"0\"><COLUMNS>\tA\t</COLUMNS><DATA>\t&b;\t</DATA></RETS>";

        assertThatThrownBy(() -> CompactResult.read(body(xml), RetsXml.MAX_BYTES)).isInstanceOf(XMLStreamException.class);
    }

    /**
     * Every RETS parser (search, metadata, login) refuses entity expansion, and never fetches an external entity
     * or DTD (file or http): a document that uses one fails, a DTD it only declares is skipped unread.
     */
    @Test
    void metadata_and_login_parsers_refuse_external_entities_and_billion_laughs(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.start();
        String http = "http://127.0.0.1:" + server.getAddress().getPort() + "/evil.dtd";
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE RETS [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            laughs.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>");
        Map<String, String> prologs = new java.util.LinkedHashMap<>();
        prologs.put("<?xml version=\"1.0\"?><!DOCTYPE RETS [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>", "&x;");
        prologs.put("<?xml version=\"1.0\"?><!DOCTYPE RETS [<!ENTITY x SYSTEM \"" + http + "\">]>", "&x;");
        prologs.put(laughs.toString(), "&l10;");
        prologs.put("<?xml version=\"1.0\"?><!DOCTYPE RETS [<!ENTITY % p SYSTEM \"" + http + "\"> %p;]>", "");
        prologs.put("<?xml version=\"1.0\"?><!DOCTYPE RETS SYSTEM \"" + http + "\">", "");
        try {
            prologs.forEach((prolog, entity) -> {
                String metadata = prolog + "<RETS ReplyCode=\"0\"><METADATA-TABLE Resource=\"Property\" Class=\"A\">"
                        + "<COLUMNS>\tSystemName\t</COLUMNS><DATA>\t" + entity + "\t</DATA></METADATA-TABLE></RETS>";
                String login = prolog + "<RETS ReplyCode=\"0\" ReplyText=\"ok\"><RETS-RESPONSE>\nSearch=" + entity
                        + "\n</RETS-RESPONSE></RETS>";
                for (ThrowingCallable parse : List.<ThrowingCallable>of(
                        () -> MetadataTable.read(body(metadata), RetsXml.MAX_BYTES),
                        () -> RetsSession.LoginAnswer.read(body(login)),
                        () -> CompactResult.read(body(metadata.replace("METADATA-TABLE", "X")), RetsXml.MAX_BYTES))) {
                    Throwable thrown = catchThrowable(parse);
                    if (!entity.isEmpty()) {
                        assertThat(thrown).as(prolog).isInstanceOf(XMLStreamException.class);
                    }
                    assertThat(String.valueOf(thrown == null ? "" : thrown.getMessage())).as(prolog)
                            .doesNotContain("TOP-SECRET-CONTENT").doesNotContain("lollollol");
                }
            });
            assertThat(fetched).as("requests for external entities or DTDs").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_truncated_answer_names_the_last_row_read() {
        String xml = "<RETS ReplyCode=\"0\"><DELIMITER value=\"09\"/><COLUMNS>\tA\tB\t</COLUMNS>"
                + "<DATA>\t1\t2\t</DATA><DATA>\t3\t4\t</DATA><DATA>\t5\t";

        assertThatThrownBy(() -> CompactResult.read(body(xml), RetsXml.MAX_BYTES))
                .isInstanceOf(XMLStreamException.class).hasMessageContaining("broken or truncated XML after row 2");
    }

    @Test
    void a_body_over_the_size_limit_is_refused() {
        StringBuilder xml = new StringBuilder("<RETS ReplyCode=\"0\"><COLUMNS>\tA\t</COLUMNS>");
        for (int i = 0; i < 1000; i++) {
            xml.append("<DATA>\t").append(i).append("\t</DATA>");
        }
        xml.append("</RETS>");

        assertThatThrownBy(() -> CompactResult.read(body(xml.toString()), 4_000))
                .isInstanceOf(XMLStreamException.class).hasMessageContaining("larger than 4000 bytes");
    }

    @Test
    void a_custom_delimiter_and_a_row_of_the_wrong_width() throws Exception {
        CompactResult result = CompactResult.read(body("<RETS ReplyCode=\"0\" ReplyText=\"ok\"><COUNT Records=\"2\"/>"
                + "<DELIMITER value=\"7C\"/><COLUMNS>|A|B|</COLUMNS><DATA>|1|x y|</DATA><DATA>|2|</DATA></RETS>"),
                RetsXml.MAX_BYTES);

        assertThat(result.columns()).containsExactly("A", "B");
        assertThat(result.rows().getFirst().values()).containsExactly("1", "x y");
        assertThat(result.rows().get(1).problem()).isEqualTo("DATA row 2 has 1 fields, COLUMNS has 2");
        assertThat(result.count()).isEqualTo(2);
    }

    @Test
    void no_records_is_reply_20201_not_an_error() throws Exception {
        CompactResult result = CompactResult.read(body("<RETS ReplyCode=\"20201\" ReplyText=\"No Records Found\"/>"),
                RetsXml.MAX_BYTES);

        assertThat(result.reply().code()).isEqualTo(RetsReply.NO_RECORDS);
        assertThat(result.rows()).isEmpty();
    }
}
