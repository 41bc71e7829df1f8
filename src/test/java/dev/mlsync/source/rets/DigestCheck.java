package dev.mlsync.source.rets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** The server side of RFC 2617 Digest with qop=auth, written independently of the client's. */
final class DigestCheck {
    private DigestCheck() {
    }

    static boolean valid(String authorization, String method, String uri, String realm, String nonce, String user,
                         String password) {
        if (authorization == null || !authorization.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> p = Digest.parameters(authorization.substring(7));
        if (!user.equals(p.get("username")) || !realm.equals(p.get("realm")) || !nonce.equals(p.get("nonce"))
                || !uri.equals(p.get("uri")) || !"auth".equals(p.get("qop")) || p.get("nc") == null) {
            return false;
        }
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:" + ha2);
        return expected.equals(p.get("response"));
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
