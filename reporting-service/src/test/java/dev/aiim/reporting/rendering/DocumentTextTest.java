package dev.aiim.reporting.rendering;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** People's text in review documents stays text: no markup, no script, no broken table. */
class DocumentTextTest {

    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String LINK = "[click me](javascript:alert(1))";
    private static final String PIPES = "cause | effect\n# not a heading";

    private static Map<String, Object> document() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("title", SCRIPT);
        summary.put("links", List.of(LINK));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("summary", summary);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", "09:00");
        entry.put("what", PIPES);
        document.put("timeline", List.of(entry));
        document.put("notes", "**bold** and ![img](http://tracker.example/x.png) & `code`");
        return document;
    }

    @Test
    void markdown_shows_what_people_typed_and_opens_no_markup() {
        String md = DocumentText.markdown("Review of " + SCRIPT, document());

        assertThat(md).startsWith("# Review of \\<script\\>alert(1)\\</script\\>\n")
                .contains("- **Title**: \\<script\\>alert(1)\\</script\\>")
                .contains("  - \\[click me\\](javascript:alert(1))")
                .contains("| 09:00 | cause \\| effect \\# not a heading |")
                .contains("\\*\\*bold\\*\\* and \\!\\[img\\](http://tracker.example/x.png) \\& \\`code\\`")
                .doesNotContain("<script>").doesNotContain("[click me](").doesNotContain("![img](");
    }
}
