package dev.mlsync.jobs;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accepts only a conservative subset of OData {@code $filter}: comparisons of a field with a literal
 * ({@code eq ne gt ge lt le}), {@code field in (literal, …)}, joined by {@code and}, {@code or},
 * {@code not} and parentheses. Literals are quoted strings, numbers, booleans, null, dates and
 * timestamps. No functions, no paths, nothing else: the fragment goes into the provider query as
 * {@code and (fragment)}, so it must not be able to change the rest of that query.
 * <pre>
 * expr := and ('or' and)*     and := unary ('and' unary)*
 * unary := 'not' unary | '(' expr ')' | field op literal | field 'in' '(' literal (',' literal)* ')'
 * </pre>
 */
final class ODataFilterCheck {
    static final int MAX_LENGTH = 1000;
    private static final Set<String> OPERATORS = Set.of("eq", "ne", "gt", "ge", "lt", "le");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "eq", "ne", "gt", "ge", "lt", "le",
            "true", "false", "null");
    private static final Pattern TOKEN = Pattern.compile("""
            \\s*(?:(?<string>'(?:[^']|'')*')\
            |(?<time>\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2}))?)\
            |(?<number>-?\\d+(?:\\.\\d+)?)\
            |(?<word>[A-Za-z][A-Za-z0-9_]{0,63})\
            |(?<punct>[(),]))""");

    private final String text;
    private final Matcher matcher;
    private int at;
    private String token;
    private String type;

    private ODataFilterCheck(String text) {
        this.text = text;
        this.matcher = TOKEN.matcher(text);
        advance();
    }

    /** The trimmed fragment, or a {@link JobRequestException} for field {@code filter} saying what is wrong where. */
    static String checked(String filter) {
        String text = filter.strip();
        if (text.isEmpty()) {
            throw new JobRequestException("filter", "is empty; leave it out to sync everything");
        }
        if (text.length() > MAX_LENGTH) {
            throw new JobRequestException("filter", "at most " + MAX_LENGTH + " characters, was " + text.length());
        }
        ODataFilterCheck check = new ODataFilterCheck(text);
        check.expr(0);
        if (check.token != null) {
            throw check.error("unexpected " + check.shown() + " after a complete expression");
        }
        return text;
    }

    private void expr(int depth) {
        if (depth > 10) {
            throw error("nested too deeply");
        }
        and(depth);
        while (acceptWord("or")) {
            and(depth);
        }
    }

    private void and(int depth) {
        unary(depth);
        while (acceptWord("and")) {
            unary(depth);
        }
    }

    private void unary(int depth) {
        if (acceptWord("not")) {
            unary(depth + 1);
        } else if (accept("(")) {
            expr(depth + 1);
            expect(")", "')' to close the parenthesis");
        } else {
            comparison();
        }
    }

    private void comparison() {
        if (!"word".equals(type) || KEYWORDS.contains(token.toLowerCase(Locale.ROOT))) {
            throw error("expected a field name, found " + shown());
        }
        String field = token;
        advance();
        if (acceptWord("in")) {
            expect("(", "'(' after in");
            literal(field);
            while (accept(",")) {
                literal(field);
            }
            expect(")", "')' to close the in list");
            return;
        }
        if (!"word".equals(type) || !OPERATORS.contains(token)) {
            throw error("expected an operator (eq, ne, gt, ge, lt, le or in) after " + field + ", found " + shown());
        }
        advance();
        literal(field);
    }

    private void literal(String field) {
        boolean word = "word".equals(type) && Set.of("true", "false", "null").contains(token);
        if (!word && !"string".equals(type) && !"time".equals(type) && !"number".equals(type)) {
            throw error("expected a value for " + field + " (a 'quoted string', number, date, timestamp, true, "
                    + "false or null), found " + shown());
        }
        advance();
    }

    private boolean acceptWord(String word) {
        if ("word".equals(type) && token.equals(word)) {
            advance();
            return true;
        }
        return false;
    }

    private boolean accept(String punct) {
        if ("punct".equals(type) && token.equals(punct)) {
            advance();
            return true;
        }
        return false;
    }

    private void expect(String punct, String what) {
        if (!accept(punct)) {
            throw error("expected " + what + ", found " + shown());
        }
    }

    private void advance() {
        at = matcher.regionStart();
        if (at >= text.length() || text.substring(at).isBlank()) {
            token = null;
            type = null;
            return;
        }
        if (!matcher.lookingAt()) {
            token = text.substring(at, Math.min(text.length(), at + 1));
            type = "invalid";
            throw error("character " + JobRequestCheck.quote(text.substring(at).strip().substring(0, 1))
                    + " is not allowed (only fields, comparisons, and/or/not, parentheses and literals)");
        }
        for (String group : new String[] {"string", "time", "number", "word", "punct"}) {
            if (matcher.group(group) != null) {
                type = group;
                token = matcher.group(group);
            }
        }
        matcher.region(matcher.end(), text.length());
    }

    private String shown() {
        return token == null ? "the end of the filter" : JobRequestCheck.quote(token);
    }

    private JobRequestException error(String what) {
        return new JobRequestException("filter", what + " at character " + (at + 1));
    }
}
