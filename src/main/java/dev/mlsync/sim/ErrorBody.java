package dev.mlsync.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** OData-style JSON error bodies: {@code {"error":{"code":"400","message":"…"}}}. */
final class ErrorBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBody() {
    }

    static String of(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", String.valueOf(status)).put("message", message);
        return root.toString();
    }

    /** OAuth2 token-endpoint error: {@code {"error":"invalid_client","error_description":"…"}}. */
    static String oauth(String error, String description) {
        ObjectNode root = JSON.createObjectNode();
        root.put("error", error).put("error_description", description);
        return root.toString();
    }
}
