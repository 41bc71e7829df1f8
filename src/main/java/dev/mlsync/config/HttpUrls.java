package dev.mlsync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks the http(s) URLs of a feed; problems show the URL with credentials masked. */
final class HttpUrls {
    private HttpUrls() {
    }

    /** The URL as an absolute http or https URI, or null with a problem recorded. */
    static URI parse(String text, String path, Problems problems) {
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, without the parser's message, which quotes the whole URL
        }
        problems.add(path, "must be an absolute http or https URL, was " + Mapping.quote(Secrets.redactUrl(text)));
        return null;
    }

    /** The service root with a path ending in "/", so relative resource names resolve beneath it. */
    static URI asDirectory(URI uri) {
        String text = uri.toString();
        int end = text.length();
        for (char delimiter : new char[] {'?', '#'}) {
            int at = text.indexOf(delimiter);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        String base = text.substring(0, end);
        return base.endsWith("/") ? uri : URI.create(base + "/" + text.substring(end));
    }
}
