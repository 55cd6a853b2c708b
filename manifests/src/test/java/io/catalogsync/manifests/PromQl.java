package io.catalogsync.manifests;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the metric selectors out of a PromQL expression (alert rules, Grafana panel targets), so that the tests can
 * check each against what the programs really export. A small lexer, not a parser: it knows which identifiers are
 * functions (followed by '('), keywords, and label lists ({@code by (...)}, {@code on (...)}), and what sits inside
 * {@code {...}} (label matchers) and {@code [...]} (ranges).
 */
final class PromQl {

    /** One metric selector: {@code name{label op "value", ...}}. */
    record Selector(String metric, List<Matcher> matchers) {
    }

    /** One label matcher; {@code op} is {@code =}, {@code !=}, {@code =~} or {@code !~}. */
    record Matcher(String label, String op, String value) {
    }

    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN");
    /** Keywords followed by a parenthesised list of LABEL names. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    static List<Selector> selectors(String expr) {
        List<Selector> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expr);
                }
            } else if (c == '#') {
                int eol = expr.indexOf('\n', i);
                i = eol < 0 ? n : eol;
            } else if (c == '{') {
                // A selector without a metric name: {__name__="x"}; the manifests do not use it.
                throw new IllegalArgumentException("selector without a metric name in " + expr);
            } else if (c == '$') {
                i++;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_')) {
                    i++;
                }
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_' || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = skipSpace(expr, i);
                if (LABEL_LIST_KEYWORDS.contains(word)) {
                    if (next < n && expr.charAt(next) == '(') {
                        i = expr.indexOf(')', next) + 1;
                    }
                } else if (KEYWORDS.contains(word)) {
                    continue;
                } else if (next < n && expr.charAt(next) == '(') {
                    continue; // a function or an aggregation
                } else if (next < n && expr.charAt(next) == '{') {
                    int close = matchingBrace(expr, next);
                    out.add(new Selector(word, matchers(expr.substring(next + 1, close))));
                    i = close + 1;
                } else if (aggregationFollows(expr, next)) {
                    continue; // `sum by (x) (...)`: the word was the aggregation
                } else {
                    out.add(new Selector(word, List.of()));
                }
            } else {
                i++;
            }
        }
        return out;
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        selectors(expr).forEach(s -> names.add(s.metric()));
        return names;
    }

    private static boolean aggregationFollows(String expr, int at) {
        for (String k : List.of("by", "without")) {
            if (expr.startsWith(k, at) && at + k.length() < expr.length()
                    && !Character.isLetterOrDigit(expr.charAt(at + k.length())) && expr.charAt(at + k.length()) != '_') {
                return true;
            }
        }
        return false;
    }

    private static List<Matcher> matchers(String body) {
        List<Matcher> out = new ArrayList<>();
        int i = 0;
        int n = body.length();
        while (i < n) {
            i = skipSpace(body, i);
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(body.charAt(i)) || body.charAt(i) == '_')) {
                i++;
            }
            String label = body.substring(start, i);
            i = skipSpace(body, i);
            String op;
            if (body.startsWith("=~", i) || body.startsWith("!~", i) || body.startsWith("!=", i)) {
                op = body.substring(i, i + 2);
                i += 2;
            } else if (body.startsWith("=", i)) {
                op = "=";
                i++;
            } else {
                throw new IllegalArgumentException("bad label matcher in {" + body + "}");
            }
            i = skipSpace(body, i);
            int end = skipString(body, i);
            out.add(new Matcher(label, op, body.substring(i + 1, end - 1)));
            i = skipSpace(body, end);
            if (i < n && body.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }

    private static int matchingBrace(String s, int open) {
        int i = open + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(s, i);
            } else if (c == '}') {
                return i;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed { in " + s);
    }

    /** Index just past the string literal starting at {@code start}. */
    private static int skipString(String s, int start) {
        char quote = s.charAt(start);
        if (quote != '"' && quote != '\'' && quote != '`') {
            throw new IllegalArgumentException("expected a string at " + start + " in " + s);
        }
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed string in " + s);
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
