package dev.mlsync.source.rets;

import dev.mlsync.config.AuthConfig;
import dev.mlsync.source.SourceException;
import dev.mlsync.source.SourceException.Category;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RETS login: the capability URLs the Login answer lists (absolute or relative to the login URL),
 * the session cookies, HTTP Digest (or Basic) authentication and the optional
 * {@code RETS-UA-Authorization}. A request whose session has expired — HTTP 401 though the
 * credentials were accepted at login, or reply code 20037 — logs in again and is sent once more.
 */
final class RetsSession {
    static final String DEFAULT_USER_AGENT = "mlsync/1.0";
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(RetsSession.class);

    /** Reads a successful answer; may throw {@link SessionExpiredException} when the body says so. */
    interface Reader<T> {
        T read(HttpResponse<InputStream> response) throws IOException, XMLStreamException;
    }

    /** The server no longer knows this session (reply 20037 or a 401 after a successful login). */
    static final class SessionExpiredException extends RuntimeException {
        SessionExpiredException(String reason) {
            super(reason, null, false, false);
        }
    }

    private final RetsHttp http;
    private final URI loginUrl;
    private final AuthConfig auth;
    private final String version;
    private final String userAgent;
    private final Supplier<String> cnonces;
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private volatile Digest challenge;
    private volatile Map<String, URI> capabilities;
    private volatile String serverVersion;
    private volatile int logins;

    RetsSession(RetsHttp http, URI loginUrl, AuthConfig auth, String version, Supplier<String> cnonces) {
        this.http = http;
        this.loginUrl = loginUrl;
        this.auth = auth;
        this.version = version;
        this.userAgent = auth.userAgent() == null ? DEFAULT_USER_AGENT : auth.userAgent();
        this.cnonces = cnonces;
        http.addSecret(auth.password());
        http.addSecret(auth.userAgentPassword());
    }

    /** The URL of a capability (Search, GetMetadata, GetObject, Logout); logs in first when needed. */
    URI capability(String name) {
        URI uri = loggedIn().get(name.toLowerCase(Locale.ROOT));
        if (uri == null) {
            throw new SourceException(Category.BAD_REQUEST, 200, http.message("Login", loginUrl,
                    "the server's Login answer lists no " + name + " URL"));
        }
        return uri;
    }

    boolean offers(String name) {
        return loggedIn().containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The RETS-Version the server answered with (RETS/1.5, RETS/1.7.2, ...). */
    String serverVersion() {
        loggedIn();
        return serverVersion;
    }

    /** How many times this session logged in (1 + re-logins). */
    int logins() {
        return logins;
    }

    /**
     * Sends a GET of {@code capability} with {@code params} and reads the answer; logs in again and
     * repeats once when the session expired. Non-2xx answers become {@link SourceException}s.
     */
    <T> T call(String capability, Map<String, String> params, Reader<T> reader) {
        URI uri = withQuery(capability(capability), params);
        try {
            return attempt(capability, uri, reader);
        } catch (SessionExpiredException e) {
            LOG.info("feed {}: RETS session expired ({}); logging in again and repeating the {}",
                    http.feedId(), e.getMessage(), capability);
            relogin();
            URI again = withQuery(capability(capability), params);
            try {
                return attempt(capability, again, reader);
            } catch (SessionExpiredException twice) {
                throw new SourceException(Category.AUTH, 401, http.message(capability, again, "the server ended the "
                        + "session again right after a new login (" + twice.getMessage() + "); check the account's "
                        + "session limits"));
            }
        }
    }

    /** Sends Logout when logged in; failures only logged (the server forgets the session anyway). */
    synchronized void logout() {
        if (capabilities == null || !capabilities.containsKey("logout")) {
            capabilities = null;
            return;
        }
        URI logout = capabilities.get("logout");
        capabilities = null;
        try {
            RetsHttp.discard(exchange(logout, "Logout"));
        } catch (RuntimeException e) {
            LOG.info("feed {}: RETS Logout failed, the server's session will time out: {}", http.feedId(), e.getMessage());
        }
        cookies.clear();
    }

    private <T> T attempt(String capability, URI uri, Reader<T> reader) {
        HttpResponse<InputStream> response = exchange(uri, capability);
        if (response.statusCode() == 401) {
            RetsHttp.discard(response);
            throw new SessionExpiredException("HTTP 401");
        }
        if (response.statusCode() / 100 != 2) {
            throw http.failure(response, capability);
        }
        try {
            return reader.read(response);
        } catch (IOException | XMLStreamException e) {
            RetsHttp.discard(response);
            throw new SourceException(e instanceof RetsXml.TooLargeException || e instanceof XMLStreamException
                    ? Category.MALFORMED : Category.NETWORK, 200,
                    http.message(capability, uri, "reading the answer failed: " + e.getMessage()), e);
        }
    }

    private Map<String, URI> loggedIn() {
        Map<String, URI> current = capabilities;
        return current != null ? current : login();
    }

    private synchronized void relogin() {
        capabilities = null;
        cookies.clear();
        login();
    }

    private synchronized Map<String, URI> login() {
        if (capabilities != null) {
            return capabilities;
        }
        HttpResponse<InputStream> response = exchange(loginUrl, "Login");
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            RetsHttp.discard(response);
            throw new SourceException(Category.AUTH, response.statusCode(), http.message("Login", loginUrl,
                    "HTTP " + response.statusCode() + ": the server refused the login; check auth.username and "
                            + "auth.password (and auth.userAgent/userAgentPassword if the MLS issued them)"));
        }
        if (response.statusCode() / 100 != 2) {
            throw http.failure(response, "Login");
        }
        serverVersion = response.headers().firstValue("RETS-Version").orElse(version);
        Map<String, URI> found = readLogin(response);
        logins++;
        capabilities = found;
        return found;
    }

    private Map<String, URI> readLogin(HttpResponse<InputStream> response) {
        try (InputStream body = RetsHttp.body(response)) {
            LoginAnswer answer = LoginAnswer.read(body);
            if (!answer.reply().isSuccess()) {
                throw new SourceException(Category.AUTH, 200, http.message("Login", loginUrl,
                        "the server refused the login: " + answer.reply()));
            }
            Map<String, URI> found = new LinkedHashMap<>();
            answer.values().forEach((key, value) -> {
                if (!value.isBlank() && isCapability(key)) {
                    found.put(key.toLowerCase(Locale.ROOT), loginUrl.resolve(value.strip()));
                }
            });
            if (!found.containsKey("search")) {
                throw new SourceException(Category.MALFORMED, 200, http.message("Login", loginUrl,
                        "the Login answer lists no Search URL: " + answer.values().keySet()));
            }
            return found;
        } catch (IOException | XMLStreamException e) {
            throw new SourceException(Category.MALFORMED, 200,
                    http.message("Login", loginUrl, "unreadable Login answer: " + e.getMessage()), e);
        }
    }

    private static boolean isCapability(String key) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "login", "logout", "search", "getmetadata", "getobject", "action", "changepassword", "update",
                 "postobject", "payload" -> true;
            default -> false;
        };
    }

    /** One request, answering a Digest or Basic challenge once; session cookies kept. */
    private HttpResponse<InputStream> exchange(URI uri, String transaction) {
        HttpResponse<InputStream> response = http.send(request(uri), transaction);
        keepCookies(response);
        if (response.statusCode() != 401) {
            return response;
        }
        Digest offered = response.headers().allValues("WWW-Authenticate").stream()
                .map(header -> Digest.parse(header, cnonces)).filter(d -> d != null)
                .sorted((a, b) -> Boolean.compare(a.isBasic(), b.isBasic())).findFirst().orElse(null);
        Digest previous = challenge;
        // With a challenge already answered, a 401 on a transaction means the session ended (log in again),
        // unless the server says the nonce merely went stale.
        boolean answerable = previous == null || offered != null && offered.isStale() || transaction.equals("Login");
        if (offered == null || !answerable) {
            if (offered != null) {
                challenge = offered;
            }
            return response;
        }
        RetsHttp.discard(response);
        challenge = offered;
        HttpResponse<InputStream> again = http.send(request(uri), transaction);
        keepCookies(again);
        return again;
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT)
                .header("User-Agent", userAgent)
                .header("RETS-Version", version)
                .header("Accept", "*/*");
        Digest current = challenge;
        if (current != null) {
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            builder.header("Authorization", current.authorization("GET", target, auth.username(), auth.password()));
        }
        if (!cookies.isEmpty()) {
            StringJoiner cookie = new StringJoiner("; ");
            cookies.forEach((name, value) -> cookie.add(name + "=" + value));
            builder.header("Cookie", cookie.toString());
        }
        if (auth.userAgentPassword() != null) {
            builder.header("RETS-UA-Authorization", "Digest " + uaDigest());
        }
        return builder.build();
    }

    /** RETS 1.7.2 §3.10: MD5(MD5(product:UA-password):request-id:session-id:version). */
    String uaDigest() {
        String a1 = Digest.md5(product() + ":" + auth.userAgentPassword());
        String sessionId = cookies.getOrDefault("RETS-Session-ID", "");
        return Digest.md5(a1 + "::" + sessionId + ":" + version);
    }

    private String product() {
        return userAgent;
    }

    private void keepCookies(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
    }

    static URI withQuery(URI base, Map<String, String> params) {
        if (params.isEmpty()) {
            return base;
        }
        StringJoiner query = new StringJoiner("&");
        params.forEach((key, value) -> query.add(encode(key) + "=" + encode(value)));
        String text = base.toString();
        return URI.create(text + (base.getRawQuery() == null ? "?" : "&") + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The reply and the {@code key=value} lines of a Login (or Logout) answer. */
    record LoginAnswer(RetsReply reply, Map<String, String> values) {
        static LoginAnswer read(InputStream body) throws XMLStreamException {
            XMLStreamReader xml = RetsXml.reader(body, RetsXml.MAX_BYTES);
            RetsReply reply = null;
            StringBuilder text = new StringBuilder();
            try {
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("RETS") && reply == null) {
                        reply = RetsReply.of(xml.getAttributeValue(null, "ReplyCode"),
                                xml.getAttributeValue(null, "ReplyText"));
                    } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                        text.append(xml.getText()).append('\n');
                    }
                }
            } finally {
                xml.close();
            }
            if (reply == null) {
                throw new XMLStreamException("no <RETS> element");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String line : text.toString().split("\\R")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            return new LoginAnswer(reply, values);
        }
    }
}
