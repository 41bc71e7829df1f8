package dev.mlsync.source.rets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
    @Test
    void the_rfc_2617_example_gives_the_rfc_response() {
        Digest digest = Digest.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", () -> "0a4f113b");

        String header = digest.authorization("GET", "/dir/index.html", "Mufasa", "Circle Of Life");

        assertThat(header).contains("response=\"6629fae49393a05397450978507c4ef1\"", "qop=auth", "nc=00000001",
                "cnonce=\"0a4f113b\"", "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", "uri=\"/dir/index.html\"");
        assertThat(digest.authorization("GET", "/dir/index.html", "Mufasa", "Circle Of Life")).contains("nc=00000002");
    }

    @Test
    void without_qop_the_rfc_2069_response_is_sent() {
        Digest digest = Digest.parse("Digest realm=\"r\", nonce=\"n\"", () -> "c");

        String header = digest.authorization("GET", "/Login", "u", "p");

        String expected = Digest.md5(Digest.md5("u:r:p") + ":n:" + Digest.md5("GET:/Login"));
        assertThat(header).contains("response=\"" + expected + "\"").doesNotContain("qop", "nc=");
    }

    @Test
    void md5_sess_hashes_the_nonces_into_ha1() {
        Digest digest = Digest.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=MD5-sess", () -> "c");

        String header = digest.authorization("GET", "/x", "u", "p");

        String ha1 = Digest.md5(Digest.md5("u:r:p") + ":n:c");
        String expected = Digest.md5(ha1 + ":n:00000001:c:auth:" + Digest.md5("GET:/x"));
        assertThat(header).contains("response=\"" + expected + "\"", "algorithm=MD5-sess");
    }

    @Test
    void basic_when_the_server_asks_for_it_and_other_schemes_are_ignored() {
        Digest basic = Digest.parse("Basic realm=\"rets\"", () -> "c");

        assertThat(basic.isBasic()).isTrue();
        assertThat(basic.authorization("GET", "/", "user", "pa:ss")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8)));
        assertThat(Digest.parse("Negotiate abc", () -> "c")).isNull();
        assertThat(Digest.parse("Digest realm=\"r\", nonce=\"n\", stale=TRUE", () -> "c").isStale()).isTrue();
    }
}
