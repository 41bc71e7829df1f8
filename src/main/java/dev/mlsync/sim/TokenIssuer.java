package dev.mlsync.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OAuth2 client-credentials endpoint (Trestle style). Issued tokens stay valid until the simulator closes.
 * With a configured token the client secret must equal it.
 */
final class TokenIssuer {
    static final String PATH = "/trestle/oidc/connect/token";
    static final int EXPIRES_IN = 3600;

    private final String secret;
    private final long seed;
    private final Map<String, String> issued = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    TokenIssuer(String secret, long seed) {
        this.secret = secret;
        this.seed = seed;
    }

    /** An access token for the form body and Authorization header, or an exception carrying the OAuth error. */
    String issue(String formBody, String authorization) {
        QueryString form = QueryString.parse(formBody);
        if (!"client_credentials".equals(form.get("grant_type"))) {
            throw new OAuthException(400, "unsupported_grant_type", "grant_type must be client_credentials");
        }
        String clientSecret = form.has("client_secret") ? form.get("client_secret") : basicSecret(authorization);
        if (secret != null && !secret.equals(clientSecret)) {
            throw new OAuthException(401, "invalid_client", "client authentication failed");
        }
        String token = "sim-" + Long.toHexString(Dataset.mix(seed + counter.incrementAndGet()) & Long.MAX_VALUE);
        issued.put(token, clientId(form, authorization));
        return token;
    }

    boolean isIssued(String token) {
        return issued.containsKey(token);
    }

    /** The client an issued token belongs to (empty when the request named none), or null for other tokens. */
    String clientOf(String token) {
        return token == null ? null : issued.get(token);
    }

    private static String clientId(QueryString form, String authorization) {
        if (form.has("client_id")) {
            return form.get("client_id");
        }
        String pair = basicPair(authorization);
        int colon = pair == null ? -1 : pair.indexOf(':');
        return colon < 0 ? "" : pair.substring(0, colon);
    }

    private static String basicPair(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        return new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    }

    private static String basicSecret(String authorization) {
        String pair = basicPair(authorization);
        int colon = pair == null ? -1 : pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1);
    }

    /** A token-endpoint failure in OAuth2's error format. */
    static final class OAuthException extends RuntimeException {
        final int status;
        final String error;

        OAuthException(int status, String error, String description) {
            super(description);
            this.status = status;
            this.error = error;
        }
    }
}
