package dev.mlsync.config;

import java.util.regex.Pattern;

/** Keeps secrets out of strings that may reach logs, errors or API responses. */
public final class Secrets {
    private static final Pattern URL_SECRET = Pattern.compile(
            "(?i)([?&;][^=&;#]*(?:password|passwd|pwd|token|secret|key|signature|sig|auth|credential)[^=&;#]*)=([^&;#]*)");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):([^/]*)@");

    private Secrets() {
    }

    /** {@code text} with every non-empty secret replaced by {@code ***}. */
    public static String mask(String text, Iterable<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }

    /** Masks query parameters and user info that look like credentials in a URL. */
    public static String redactUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = URL_SECRET.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }
}
