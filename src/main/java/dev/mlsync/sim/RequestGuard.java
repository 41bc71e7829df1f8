package dev.mlsync.sim;

import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The gate every data and media request passes after authorization: rate limits (quota headers, 429, suspension),
 * then the fault, if any, this request meets. Both are no-ops with the default options.
 */
final class RequestGuard {
    private static final String ANONYMOUS = "anonymous";

    private final QuotaLedger quota;
    private final FaultPlan faults;

    RequestGuard(QuotaLedger quota, FaultPlan faults) {
        this.quota = quota;
        this.faults = faults;
    }

    /**
     * Counts the request against its credential's limits, sets the quota headers, and returns the fault to inject
     * (null for none).
     *
     * @throws SimHttpException 429 when a limit is reached or the credential is suspended
     */
    SimFaults.Kind admit(HttpExchange exchange, String credential, String path, boolean media) {
        String key = credential == null ? ANONYMOUS : credential;
        if (quota.isEnabled()) {
            QuotaLedger.Admission admission = quota.admit(key, media);
            admission.headers().forEach(exchange.getResponseHeaders()::set);
            if (!admission.admitted()) {
                throw new SimHttpException(429, admission.refusal());
            }
        }
        return faults.decide(key, path, media);
    }

    /** Adds a response's bytes to its credential's byte windows. */
    void served(String credential, long bytes) {
        if (quota.isEnabled()) {
            quota.served(credential == null ? ANONYMOUS : credential, bytes);
        }
    }

    long slowMillis() {
        return faults.slowMillis();
    }

    /**
     * The non-secret id of a bearer: the first 8 hex digits of SHA-256 of the OAuth2 client id for issued tokens
     * (so a refreshed token keeps its quota), of the token itself otherwise; null without a bearer.
     */
    static String credentialOf(String bearer, TokenIssuer tokens) {
        if (bearer == null) {
            return null;
        }
        String client = tokens.clientOf(bearer);
        return shortHash(client == null || client.isEmpty() ? bearer : "client:" + client);
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
