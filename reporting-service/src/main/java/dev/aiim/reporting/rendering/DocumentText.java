package dev.aiim.reporting.rendering;

import java.util.List;
import java.util.Map;

/**
 * Structured documents (sections of fields, lists and tables) as Markdown and as a self-contained HTML page:
 * a list of records becomes a table, a list of texts a bullet list, a map a field list. Text is escaped for
 * the target (HTML entities; in Markdown every character that could open markup).
 */
public final class DocumentText {

    /** What opens markup inline; CommonMark lets a backslash make any of them literal. */
    private static final String MARKDOWN_PUNCTUATION = "\\`*_[]<>#!|~&";

    private DocumentText() {
    }

    public static String markdown(String title, Map<String, ?> document) {
        StringBuilder md = new StringBuilder("# ").append(inline(title)).append("\n\n");
        document.forEach((section, value) -> {
            md.append("## ").append(inline(PdfDocuments.label(section))).append("\n\n");
            markdownValue(md, value);
            md.append('\n');
        });
        return md.toString();
    }

    private static void markdownValue(StringBuilder md, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String label = "- **" + inline(PdfDocuments.label(String.valueOf(k))) + "**:";
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
            columns.forEach(c -> md.append(' ').append(inline(PdfDocuments.label(String.valueOf(c)))).append(" |"));
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

    public static String html(String title, Map<String, ?> document) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(escape(title)).append("</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;"
                        + "margin:auto;padding:1rem;line-height:1.4}table{border-collapse:collapse;width:100%}"
                        + "td,th{border:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}"
                        + "th{background:#f3f3f3}dt{font-weight:bold}</style></head><body><h1>")
                .append(escape(title)).append("</h1>");
        document.forEach((section, value) -> {
            html.append("<h2>").append(escape(PdfDocuments.label(section))).append("</h2>");
            htmlValue(html, value);
        });
        return html.append("</body></html>").toString();
    }

    private static void htmlValue(StringBuilder html, Object value) {
        if (value instanceof Map<?, ?> map) {
            html.append("<dl>");
            map.forEach((k, v) -> {
                html.append("<dt>").append(escape(PdfDocuments.label(String.valueOf(k)))).append("</dt><dd>");
                if (v instanceof List<?> list && !list.isEmpty()) {
                    htmlValue(html, list);
                } else {
                    html.append(escape(cell(v)));
                }
                html.append("</dd>");
            });
            html.append("</dl>");
        } else if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
            List<?> columns = List.copyOf(first.keySet());
            html.append("<table><thead><tr>");
            columns.forEach(c -> html.append("<th>").append(escape(PdfDocuments.label(String.valueOf(c)))).append("</th>"));
            html.append("</tr></thead><tbody>");
            for (Object row : list) {
                html.append("<tr>");
                columns.forEach(c -> html.append("<td>").append(escape(cell(((Map<?, ?>) row).get(c)))).append("</td>"));
                html.append("</tr>");
            }
            html.append("</tbody></table>");
        } else if (value instanceof List<?> list) {
            html.append(list.isEmpty() ? "<p>none</p>" : "<ul>");
            list.forEach(item -> html.append("<li>").append(escape(cell(item))).append("</li>"));
            html.append(list.isEmpty() ? "" : "</ul>");
        } else {
            html.append("<p>").append(escape(cell(value))).append("</p>");
        }
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

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
