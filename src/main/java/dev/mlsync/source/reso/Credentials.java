package dev.mlsync.source.reso;

/** Supplies the bearer token for each request; implementations never expose secrets in messages. */
interface Credentials {
    /** The token for the next request, or null for none. */
    String token();

    /** After a 401: renews the token and returns true when retrying the request could help. */
    boolean renewAfterUnauthorized();

    /** Strings that must be masked wherever a message is built (token, client secret). */
    Iterable<String> secrets();

    static Credentials ofToken(String token) {
        return new Credentials() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public boolean renewAfterUnauthorized() {
                return false;
            }

            @Override
            public Iterable<String> secrets() {
                return token == null ? java.util.List.of() : java.util.List.of(token);
            }
        };
    }
}
