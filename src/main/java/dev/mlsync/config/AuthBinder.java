package dev.mlsync.config;

import java.util.List;

/** Reads a feed's {@code auth:}: a bearer token, OAuth2 client credentials, or nothing when absent. */
final class AuthBinder {
    private static final List<String> OAUTH2_KEYS = List.of("tokenUrl", "clientId", "clientSecret", "scope");
    private static final List<String> REQUIRED_OAUTH2_KEYS = List.of("tokenUrl", "clientId", "clientSecret");
    private static final List<String> KEYS = List.of("token", "tokenUrl", "clientId", "clientSecret", "scope");

    private AuthBinder() {
    }

    static AuthConfig bind(Mapping feed) {
        Mapping auth = feed.mapping("auth");
        if (auth == null) {
            return AuthConfig.none();
        }
        auth.allowOnly(KEYS);
        List<String> oauth2Keys = OAUTH2_KEYS.stream().filter(auth::has).toList();
        if (auth.has("token") && !oauth2Keys.isEmpty()) {
            auth.problems().add(auth.path(), "token (bearer) cannot be combined with " + String.join(", ", oauth2Keys)
                    + " (oauth2); give either token or tokenUrl, clientId and clientSecret");
            return AuthConfig.none();
        }
        if (auth.has("token")) {
            return AuthConfig.bearer(nonEmptySecret(auth, "token"));
        }
        if (oauth2Keys.isEmpty()) {
            auth.problems().add(auth.path(),
                    "give token (bearer) or tokenUrl, clientId and clientSecret (oauth2), or leave auth out for none");
            return AuthConfig.none();
        }
        return oauth2(auth);
    }

    private static AuthConfig oauth2(Mapping auth) {
        for (String key : REQUIRED_OAUTH2_KEYS) {
            if (!auth.has(key)) {
                auth.problems().add(auth.pathOf(key), "required for oauth2");
            }
        }
        String tokenUrl = auth.text("tokenUrl");
        HttpUrls.parse(tokenUrl, auth.pathOf("tokenUrl"), auth.problems());
        return AuthConfig.oauth2(tokenUrl, auth.text("clientId"), nonEmptySecret(auth, "clientSecret"), auth.text("scope"));
    }

    private static String nonEmptySecret(Mapping auth, String key) {
        String secret = auth.secret(key);
        if (secret != null && secret.isBlank()) {
            auth.problems().add(auth.pathOf(key), "is empty");
        }
        return secret;
    }
}
