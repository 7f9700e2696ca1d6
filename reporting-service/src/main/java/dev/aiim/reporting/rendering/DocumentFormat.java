package dev.aiim.reporting.rendering;

import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * How the document templates print values for people ({@code d.at(x)}, {@code d.text(x)}, {@code d.words(x)}):
 * instants in the reader's time zone to the minute with the zone named, never nanoseconds; nothing as a dash, so a
 * reader sees a fact is missing rather than a blank; yes and no for flags; constants as words.
 */
@TemplateData
public final class DocumentFormat {

    public static final String NOTHING = "—";

    private final ZoneId zone;
    private final DateTimeFormatter instants;

    public DocumentFormat(ZoneId zone) {
        this.zone = zone;
        this.instants = DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm zzz", Locale.ENGLISH).withZone(zone);
    }

    /** The time zone the document's times are shown in: {@code Europe/Berlin (Central European Time)}. */
    public String zone() {
        String name = zone.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        return name.equals(zone.getId()) ? name : zone.getId() + " (" + name + ")";
    }

    /** An ISO instant as {@code 7 Dec 2026, 14:05 CET}, a date as {@code 24 Dec 2026}; anything else as it is. */
    public String at(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NOTHING;
        }
        String text = value.toString();
        try {
            return instants.format(Instant.parse(text));
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).format(DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH));
            } catch (DateTimeParseException notADate) {
                return text;
            }
        }
    }

    /** A value as text: a list joined with commas, a flag as yes or no, nothing as a dash. */
    public String text(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NOTHING;
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : String.join(", ", list.stream().map(this::text).toList());
        }
        if (value instanceof Boolean flag) {
            return flag ? "yes" : "no";
        }
        return value.toString();
    }

    /** A constant as words: {@code SERIOUS_HARM_TO_HEALTH} as {@code Serious harm to health}. */
    public String words(Object value) {
        if (value == null || value.toString().isBlank()) {
            return NOTHING;
        }
        String spaced = value.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** A count of minutes as {@code 1 h 05 min}, or as it is under an hour. */
    public String minutes(Object value) {
        if (!(value instanceof Number n)) {
            return text(value);
        }
        long m = n.longValue();
        return m < 60 ? m + " min" : m / 60 + " h " + String.format(Locale.ROOT, "%02d", m % 60) + " min";
    }
}
