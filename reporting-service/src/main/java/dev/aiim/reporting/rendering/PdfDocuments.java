package dev.aiim.reporting.rendering;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Font;
import com.lowagie.text.FontFactory;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * Structured documents (a regulator report, a review) as PDF with OpenPDF: the title, then each top-level
 * section as a heading, nested fields as indented "label: value" lines, lists item by item. Empty values
 * print as "-", so a reader sees what is missing rather than nothing.
 */
public final class PdfDocuments {

    private static final Font TITLE = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 16);
    private static final Font HEADING = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 12);
    private static final Font LABEL = FontFactory.getFont(FontFactory.HELVETICA_BOLD, 9);
    private static final Font TEXT = FontFactory.getFont(FontFactory.HELVETICA, 9);

    private PdfDocuments() {
    }

    public static byte[] render(String title, String subtitle, Map<String, ?> document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document pdf = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            PdfWriter.getInstance(pdf, out);
            pdf.addTitle(title);
            pdf.addCreator("AI incident platform: reporting-service");
            pdf.open();
            pdf.add(new Paragraph(title, TITLE));
            if (subtitle != null) {
                pdf.add(new Paragraph(subtitle, TEXT));
            }
            for (Map.Entry<String, ?> section : document.entrySet()) {
                Paragraph heading = new Paragraph(label(section.getKey()), HEADING);
                heading.setSpacingBefore(10);
                pdf.add(heading);
                write(pdf, section.getValue(), 0);
            }
            pdf.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("PDF rendering failed", e);
        }
        return out.toByteArray();
    }

    private static void write(Document pdf, Object value, int depth) throws DocumentException {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> field : map.entrySet()) {
                Object v = field.getValue();
                if (v instanceof Map<?, ?> || (v instanceof List<?> list && !list.isEmpty() && !(list.get(0) instanceof String))) {
                    pdf.add(line(depth, label(String.valueOf(field.getKey())), ""));
                    write(pdf, v, depth + 1);
                } else {
                    pdf.add(line(depth, label(String.valueOf(field.getKey())), text(v)));
                }
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                pdf.add(line(depth, "", "-"));
            }
            int n = 1;
            for (Object item : list) {
                if (item instanceof Map<?, ?>) {
                    pdf.add(line(depth, "#" + n++, ""));
                    write(pdf, item, depth + 1);
                } else {
                    pdf.add(line(depth, "", "• " + text(item)));
                }
            }
        } else {
            pdf.add(line(depth, "", text(value)));
        }
    }

    private static Paragraph line(int depth, String label, String value) {
        Paragraph p = new Paragraph();
        p.setIndentationLeft(12f * depth);
        if (!label.isEmpty()) {
            p.add(new Chunk(label + (value.isEmpty() ? "" : ": "), LABEL));
        }
        p.add(new Chunk(value, TEXT));
        return p;
    }

    private static String text(Object value) {
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
