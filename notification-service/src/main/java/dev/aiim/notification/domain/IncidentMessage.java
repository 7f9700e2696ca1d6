package dev.aiim.notification.domain;

import dev.aiim.contracts.IncidentStatus;
import dev.aiim.contracts.Severity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notification's content, whatever the channel: the playbook's three parts (what is known, what is
 * being done, when the next update comes), the incident's identity, and links. Each channel renders it in
 * its own shape: plain and HTML email, a Slack Block Kit message, a Teams Adaptive Card, a webhook JSON
 * body, a short SMS.
 */
public record IncidentMessage(String reason, String incidentId, String title, Severity severity, IncidentStatus status,
                              String headline, String whatIsKnown, String whatIsBeingDone, Instant nextUpdateBy,
                              String link, String ackLink, boolean drill) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    static final int SMS_LIMIT = 320;

    /** The same message with the link that acknowledges a page. */
    public IncidentMessage withAckLink(String ackLink) {
        return new IncidentMessage(reason, incidentId, title, severity, status, headline, whatIsKnown, whatIsBeingDone,
                nextUpdateBy, link, ackLink, drill);
    }

    /** The same page, escalated: its headline says which escalation step this is. */
    public IncidentMessage escalated(int step) {
        String base = headline.replaceFirst(" \\(escalated, step \\d+\\)$", "");
        return new IncidentMessage(reason, incidentId, title, severity, status, base + " (escalated, step " + (step + 1)
                + ")", whatIsKnown, whatIsBeingDone, nextUpdateBy, link, null, drill);
    }

    public String subject() {
        return (drill ? "[DRILL] " : "") + (severity == null ? "" : "[" + severity + "] ") + headline + ": " + title
                + " (" + incidentId + ")";
    }

    /** The body as labelled parts, in reading order. */
    public Map<String, String> parts() {
        Map<String, String> parts = new LinkedHashMap<>();
        if (drill) {
            parts.put("Drill", "This is a game-day exercise, not a real incident.");
        }
        parts.put("What is known", whatIsKnown);
        if (whatIsBeingDone != null) {
            parts.put("What is being done", whatIsBeingDone);
        }
        if (nextUpdateBy != null) {
            parts.put("Next update", "by " + TIME.format(nextUpdateBy));
        }
        if (status != null) {
            parts.put("Status", status + (severity == null ? "" : ", " + severity));
        }
        return parts;
    }

    public String text() {
        StringBuilder text = new StringBuilder(subject()).append("\n\n");
        parts().forEach((label, value) -> text.append(label).append(": ").append(value).append('\n'));
        text.append("\nIncident: ").append(link).append('\n');
        if (ackLink != null) {
            text.append("Acknowledge: ").append(ackLink).append('\n');
        }
        return text.toString();
    }

    public String html() {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body><h2>").append(escape(subject()))
                .append("</h2><dl>");
        parts().forEach((label, value) -> html.append("<dt><b>").append(escape(label)).append("</b></dt><dd>")
                .append(escape(value)).append("</dd>"));
        html.append("</dl><p><a href=\"").append(escape(link)).append("\">Open the incident</a>");
        if (ackLink != null) {
            html.append(" &middot; <a href=\"").append(escape(ackLink)).append("\">Acknowledge the page</a>");
        }
        return html.append("</p></body></html>").toString();
    }

    /** An SMS: subject, the next-update time and the acknowledgement link, cut to two segments. */
    public String sms() {
        String tail = ackLink != null ? " Ack: " + ackLink : " " + link;
        String head = subject() + (nextUpdateBy == null ? "" : ". Next update by " + TIME.format(nextUpdateBy)) + ".";
        int room = SMS_LIMIT - tail.length();
        if (head.length() > room) {
            head = head.substring(0, Math.max(0, room - 1)) + "…";
        }
        return head + tail;
    }

    /** A Slack incoming-webhook body: Block Kit blocks with a plain-text fallback. */
    public Map<String, Object> slack() {
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", cut(subject(), 150))));
        parts().forEach((label, value) -> blocks.add(Map.of("type", "section",
                "text", Map.of("type", "mrkdwn", "text", cut("*" + label + "*\n" + value, 3000)))));
        List<Object> buttons = new ArrayList<>();
        buttons.add(Map.of("type", "button", "text", Map.of("type", "plain_text", "text", "Open incident"),
                "url", link));
        if (ackLink != null) {
            buttons.add(Map.of("type", "button", "style", "primary",
                    "text", Map.of("type", "plain_text", "text", "Acknowledge"), "url", ackLink));
        }
        blocks.add(Map.of("type", "actions", "elements", buttons));
        return Map.of("text", subject(), "blocks", blocks);
    }

    /** A Teams workflow-webhook body: one Adaptive Card attachment. */
    public Map<String, Object> teams() {
        List<Object> body = new ArrayList<>();
        body.add(Map.of("type", "TextBlock", "text", subject(), "weight", "Bolder", "size", "Medium", "wrap", true));
        List<Object> facts = new ArrayList<>();
        parts().forEach((label, value) -> facts.add(Map.of("title", label, "value", value)));
        body.add(Map.of("type", "FactSet", "facts", facts));
        List<Object> actions = new ArrayList<>();
        actions.add(Map.of("type", "Action.OpenUrl", "title", "Open incident", "url", link));
        if (ackLink != null) {
            actions.add(Map.of("type", "Action.OpenUrl", "title", "Acknowledge", "url", ackLink));
        }
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("type", "AdaptiveCard");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("version", "1.4");
        card.put("body", body);
        card.put("actions", actions);
        return Map.of("type", "message", "attachments",
                List.of(Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content", card)));
    }

    /** A generic webhook body: the facts as fields, for machines. */
    public Map<String, Object> webhook(String deliveryId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", reason);
        body.put("deliveryId", deliveryId);
        body.put("incidentId", incidentId);
        body.put("title", title);
        body.put("severity", severity == null ? null : severity.name());
        body.put("status", status == null ? null : status.name());
        body.put("headline", headline);
        body.put("whatIsKnown", whatIsKnown);
        body.put("whatIsBeingDone", whatIsBeingDone);
        body.put("nextUpdateBy", nextUpdateBy == null ? null : nextUpdateBy.toString());
        body.put("link", link);
        body.put("ackLink", ackLink);
        body.put("drill", drill);
        return body;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Text safe inside HTML elements and attributes. */
    public static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
