package dev.mlsync.source.rets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * HTTP authentication as RETS servers ask for it (RFC 2617): Digest with MD5 or MD5-sess, with
 * {@code qop=auth} or without qop, or Basic. One challenge is reused for later requests with a
 * growing nonce count, so only the first request of a session (and a stale nonce) costs a 401.
 */
final class Digest {
    private final String scheme;
    private final Map<String, String> params;
    private final AtomicInteger nonceCount = new AtomicInteger();
    private final Supplier<String> cnonces;

    private Digest(String scheme, Map<String, String> params, Supplier<String> cnonces) {
        this.scheme = scheme;
        this.params = params;
        this.cnonces = cnonces;
    }

    /** The challenge of a {@code WWW-Authenticate} header; null when it is neither Digest nor Basic. */
    static Digest parse(String header, Supplier<String> cnonces) {
        if (header == null) {
            return null;
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!scheme.equals("digest") && !scheme.equals("basic")) {
            return null;
        }
        return new Digest(scheme, space < 0 ? Map.of() : parameters(trimmed.substring(space + 1)), cnonces);
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    boolean isStale() {
        return "true".equalsIgnoreCase(params.get("stale"));
    }

    /** The {@code Authorization} header for {@code method} on {@code uri} (path and query). */
    String authorization(String method, String uri, String username, String password) {
        if (isBasic()) {
            String pair = username + ":" + password;
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        String realm = params.getOrDefault("realm", "");
        String nonce = params.getOrDefault("nonce", "");
        String algorithm = params.get("algorithm");
        String qop = qop();
        String nc = String.format("%08x", nonceCount.incrementAndGet());
        String cnonce = cnonces.get();
        String ha1 = md5(username + ":" + realm + ":" + password);
        if ("MD5-sess".equalsIgnoreCase(algorithm)) {
            ha1 = md5(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = md5(method + ":" + uri);
        String response = qop == null ? md5(ha1 + ":" + nonce + ":" + ha2)
                : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        StringBuilder header = new StringBuilder("Digest username=\"").append(username)
                .append("\", realm=\"").append(realm).append("\", nonce=\"").append(nonce)
                .append("\", uri=\"").append(uri).append("\", response=\"").append(response).append('"');
        if (algorithm != null) {
            header.append(", algorithm=").append(algorithm);
        }
        if (params.containsKey("opaque")) {
            header.append(", opaque=\"").append(params.get("opaque")).append('"');
        }
        if (qop != null) {
            header.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        return header.toString();
    }

    /** {@code auth} when the server offers it (RETS servers offer auth, some also auth-int), else none. */
    private String qop() {
        String offered = params.get("qop");
        if (offered == null) {
            return null;
        }
        for (String option : offered.split(",")) {
            if (option.strip().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        return null;
    }

    static String md5(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** {@code key=value, key="quoted, value"} pairs. */
    static Map<String, String> parameters(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < text.length() && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            params.put(key, value.toString().strip());
        }
        return params;
    }
}
