package dev.mlsync.config;

import java.util.List;

/** Reads a feed's {@code auth:}: a bearer token, OAuth2 client credentials, or nothing when absent. */
final class AuthBinder {
    private static final List<String> OAUTH2_KEYS = List.of("tokenUrl", "clientId", "clientSecret", "scope");
    private static final List<String> REQUIRED_OAUTH2_KEYS = List.of("tokenUrl", "clientId", "clientSecret");
    private static final List<String> KEYS = List.of("token", "tokenUrl", "clientId", "clientSecret", "scope");
    private static final List<String> PASSWORD_KEYS = List.of("username", "password", "userAgent", "userAgentPassword");

    private AuthBinder() {
    }

    static AuthConfig bind(Mapping feed, Provider provider) {
        Mapping auth = feed.mapping("auth");
        if (provider == Provider.RETS) {
            return password(feed, auth);
        }
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

    /** A RETS login: username and password, and a user agent password only together with a user agent. */
    private static AuthConfig password(Mapping feed, Mapping auth) {
        if (auth == null) {
            feed.problems().add(feed.pathOf("auth"), "required for provider rets (username and password)");
            return AuthConfig.none();
        }
        auth.allowOnly(PASSWORD_KEYS);
        String username = auth.requiredText("username");
        if (!auth.has("password")) {
            auth.problems().add(auth.pathOf("password"), "required for provider rets");
        }
        String password = auth.secret("password");
        String userAgent = auth.text("userAgent");
        String userAgentPassword = auth.has("userAgentPassword") ? nonEmptySecret(auth, "userAgentPassword") : null;
        if (userAgentPassword != null && userAgent == null) {
            auth.problems().add(auth.pathOf("userAgentPassword"), "needs userAgent (the product name it belongs to)");
        }
        return AuthConfig.password(username, password, userAgent, userAgentPassword);
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
