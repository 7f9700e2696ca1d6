package dev.aiim.reporting.rendering;

import java.util.List;
import java.util.Map;

/**
 * Structured documents (sections of fields, lists and tables) as Markdown: a list of records becomes a table, a list
 * of texts a bullet list, a map a field list. Every character of people's text that could open markup is escaped.
 * (HTML and PDF come from the documents' templates: {@link FormalDocuments}.)
 */
public final class DocumentText {

    /** What opens markup inline; CommonMark lets a backslash make any of them literal. */
    private static final String MARKDOWN_PUNCTUATION = "\\`*_[]<>#!|~&";

    private DocumentText() {
    }

    public static String markdown(String title, Map<String, ?> document) {
        StringBuilder md = new StringBuilder("# ").append(inline(title)).append("\n\n");
        document.forEach((section, value) -> {
            md.append("## ").append(inline(label(section))).append("\n\n");
            markdownValue(md, value);
            md.append('\n');
        });
        return md.toString();
    }

    private static void markdownValue(StringBuilder md, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String label = "- **" + inline(label(String.valueOf(k))) + "**:";
                if (v instanceof List<?> list) {
                    md.append(label).append(list.isEmpty() ? " -" : "").append('\n');
                    list.forEach(item -> md.append("  - ").append(inline(cell(item))).append('\n'));
                } else {
                    md.append(label).append(' ').append(inline(cell(v))).append('\n');
                }
            });
        } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
            List<?> columns = List.copyOf(first.keySet());
            md.append('|');
            columns.forEach(c -> md.append(' ').append(inline(label(String.valueOf(c)))).append(" |"));
            md.append("\n|");
            columns.forEach(c -> md.append(" --- |"));
            md.append('\n');
            for (Object row : list) {
                md.append('|');
                columns.forEach(c -> md.append(' ').append(inline(cell(((Map<?, ?>) row).get(c)))).append(" |"));
                md.append('\n');
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                md.append("- none\n");
            }
            list.forEach(item -> md.append("- ").append(inline(cell(item))).append('\n'));
        } else {
            md.append(inline(cell(value))).append('\n');
        }
    }

    /**
     * Text from people or senders as one line of literal Markdown: every character that could open markup (a
     * link, an image, raw HTML, emphasis, code, a table cell, a heading) is backslash-escaped, so that
     * {@code <script>} or {@code [x](javascript:...)} render as the characters typed, and line breaks become spaces
     * so that a line of text cannot start a block of its own.
     */
    static String inline(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            if (c == '\r' || c == '\n') {
                out.append(' ');
            } else {
                if (MARKDOWN_PUNCTUATION.indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "-" : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** {@code affectedPersons} -> {@code Affected persons}. */
    static String label(String key) {
        String spaced = key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
