package dev.mlsync.config;

/**
 * How a feed authenticates: a static bearer token, OAuth2 client credentials, a username and password
 * (RETS login by HTTP Digest or Basic, with an optional RETS user agent and its password), or nothing.
 * {@link #toString()} never prints the token, the client secret or a password.
 */
public record AuthConfig(Type type, String token, String tokenUrl, String clientId, String clientSecret, String scope,
                         String username, String password, String userAgent, String userAgentPassword) {
    public enum Type { NONE, BEARER, OAUTH2, PASSWORD }

    public AuthConfig(Type type, String token, String tokenUrl, String clientId, String clientSecret, String scope) {
        this(type, token, tokenUrl, clientId, clientSecret, scope, null, null, null, null);
    }

    public static AuthConfig none() {
        return new AuthConfig(Type.NONE, null, null, null, null, null);
    }

    /** A RETS login: {@code userAgent} and {@code userAgentPassword} may be null (no RETS-UA-Authorization). */
    public static AuthConfig password(String username, String password, String userAgent, String userAgentPassword) {
        return new AuthConfig(Type.PASSWORD, null, null, null, null, null, username, password, userAgent,
                userAgentPassword);
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
                + ", scope=" + scope + ", username=" + username + ", password=" + (password == null ? null : "***")
                + ", userAgent=" + userAgent
                + ", userAgentPassword=" + (userAgentPassword == null ? null : "***") + "]";
    }
}
