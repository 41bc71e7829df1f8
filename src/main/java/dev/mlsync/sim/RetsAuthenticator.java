package dev.mlsync.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the Login transaction's HTTP authentication: RFC 2617 Digest (MD5, {@code qop=auth} or the RFC 2069 form
 * without qop) against nonces this server issued, or Basic when {@link RetsOptions#auth()} says so.
 */
final class RetsAuthenticator {
    static final String REALM = "rets@simmls";
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");

    private final RetsOptions options;
    private final RetsSessions sessions;

    RetsAuthenticator(RetsOptions options, RetsSessions sessions) {
        this.options = options;
        this.sessions = sessions;
    }

    /** The WWW-Authenticate header of a 401; {@code stale} tells a Digest client its nonce is unknown, not its password wrong. */
    String challenge(boolean stale) {
        if (options.auth() == RetsOptions.Auth.BASIC) {
            return "Basic realm=\"" + REALM + "\"";
        }
        return "Digest realm=\"" + REALM + "\", nonce=\"" + sessions.newNonce() + "\", opaque=\"" + sessions.opaque()
                + "\", qop=\"auth\", algorithm=MD5" + (stale ? ", stale=true" : "");
    }

    /** The outcome of checking an Authorization header. */
    enum Outcome { OK, MISSING, WRONG_SCHEME, BAD_CREDENTIALS, STALE_NONCE }

    /** Checks a header; {@code uri} in a Digest header may be the request's path or its path with query. */
    Outcome check(String authorization, String method, String path, String pathAndQuery) {
        if (authorization == null || authorization.isBlank()) {
            return Outcome.MISSING;
        }
        if (options.auth() == RetsOptions.Auth.BASIC) {
            return authorization.regionMatches(true, 0, "Basic ", 0, 6) ? basic(authorization.substring(6).trim())
                    : Outcome.WRONG_SCHEME;
        }
        if (!authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Outcome.WRONG_SCHEME;
        }
        return digest(params(authorization.substring(7)), method, path, pathAndQuery);
    }

    private Outcome basic(String encoded) {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Outcome.BAD_CREDENTIALS;
        }
        return pair.equals(options.username() + ":" + options.password()) ? Outcome.OK : Outcome.BAD_CREDENTIALS;
    }

    private Outcome digest(Map<String, String> p, String method, String path, String pathAndQuery) {
        String response = p.get("response");
        if (!options.username().equals(p.get("username")) || !REALM.equals(p.get("realm")) || response == null
                || !(path.equals(p.get("uri")) || pathAndQuery.equals(p.get("uri")))) {
            return Outcome.BAD_CREDENTIALS;
        }
        String ha1 = md5(options.username() + ":" + REALM + ":" + options.password());
        String ha2 = md5(method + ":" + p.get("uri"));
        String qop = p.get("qop");
        String expected = qop == null ? md5(ha1 + ":" + p.get("nonce") + ":" + ha2)
                : md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + qop + ":" + ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return Outcome.BAD_CREDENTIALS;
        }
        return sessions.isIssued(p.get("nonce")) ? Outcome.OK : Outcome.STALE_NONCE;
    }

    /** The user name an Authorization header claims (unverified), or null. */
    static String claimedUser(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return params(authorization.substring(7)).get("username");
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    static Map<String, String> params(String text) {
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), value);
        }
        return params;
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
