package dev.mlsync.config;

/**
 * How a feed authenticates: a static bearer token, OAuth2 client credentials, or nothing.
 * {@link #toString()} never prints the token or the client secret.
 */
public record AuthConfig(Type type, String token, String tokenUrl, String clientId, String clientSecret, String scope) {
    public enum Type { NONE, BEARER, OAUTH2 }

    public static AuthConfig none() {
        return new AuthConfig(Type.NONE, null, null, null, null, null);
    }

    public static AuthConfig bearer(String token) {
        return new AuthConfig(Type.BEARER, token, null, null, null, null);
    }

    public static AuthConfig oauth2(String tokenUrl, String clientId, String clientSecret, String scope) {
        return new AuthConfig(Type.OAUTH2, null, tokenUrl, clientId, clientSecret, scope);
    }

    @Override
    public String toString() {
        return "AuthConfig[type=" + type + ", token=" + (token == null ? null : "***") + ", tokenUrl=" + tokenUrl
                + ", clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? null : "***")
                + ", scope=" + scope + "]";
    }
}
