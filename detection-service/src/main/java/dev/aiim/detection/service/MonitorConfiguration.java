package dev.aiim.detection.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;
import dev.aiim.detection.domain.monitor.MonitorSettings;
import dev.aiim.detection.repository.MonitorRepository;
import dev.aiim.detection.repository.MonitorRepository.StoredSettings;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-system monitor settings. A PUT is laid over the defaults (objects merged field by field, lists and
 * values replaced), so a client may send only what it changes; the whole result is checked and stored,
 * and a GET shows every value in force.
 */
@ApplicationScoped
public class MonitorConfiguration {

    /** Fields of the GET answer that describe the settings rather than being settings; a PUT may echo them. */
    private static final Set<String> DESCRIPTIVE = Set.of("systemId", "version", "customised", "updatedAt", "updatedBy",
            "categoriesInForce");

    private final ObjectMapper mapper = EventJson.configure(new ObjectMapper())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    private final ObjectReader strict = mapper.readerFor(MonitorSettings.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final MonitorRepository monitors;
    private final Telemetry telemetry;
    private final Clock clock;

    public MonitorConfiguration(MonitorRepository monitors, Telemetry telemetry, Clock clock) {
        this.monitors = monitors;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** The settings in force for a system. */
    public Uni<MonitorSettings> effective(String systemId) {
        return monitors.settings(systemId).map(this::settings);
    }

    /** The GET answer: every setting, plus its version and who changed it last. */
    public Uni<JsonNode> view(String systemId) {
        return telemetry.system(systemId).chain(() -> monitors.settings(systemId))
                .map(stored -> view(systemId, stored));
    }

    public Uni<JsonNode> replace(String systemId, JsonNode body, String by) {
        MonitorSettings settings = laidOver(MonitorSettings.defaults(), body, "body",
                "The monitor settings are not usable; nothing was changed");
        Instant now = clock.instant();
        return telemetry.system(systemId)
                .chain(() -> monitors.saveSettings(systemId, write(settings), by, now))
                .map(stored -> view(systemId, Optional.of(stored)));
    }

    /**
     * Settings to try (a backtest's): {@code body} laid over the settings in force, checked like a PUT, stored
     * nowhere. Field names in errors start with {@code field}.
     */
    public Uni<MonitorSettings> trial(String systemId, @Nullable JsonNode body, String field) {
        return effective(systemId).map(inForce -> body == null || body.isNull() ? inForce
                : laidOver(inForce, body, field, "The settings to try are not usable"));
    }

    private MonitorSettings laidOver(MonitorSettings base, JsonNode body, String field, String title) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(field, "must be a JSON object of monitor settings");
        }
        ObjectNode merged = mapper.valueToTree(base);
        ObjectNode request = ((ObjectNode) body).deepCopy();
        DESCRIPTIVE.forEach(request::remove);
        merge(merged, request);
        MonitorSettings settings;
        try {
            settings = strict.readValue(merged);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // answered as 400 naming the field
        }
        Map<String, String> problems = settings.problems();
        if (!problems.isEmpty()) {
            String prefix = field.equals("body") ? "" : field + ".";
            throw new InvalidRequestException(title, problems.entrySet().stream()
                    .map(e -> new Problem.FieldError(prefix + e.getKey(), e.getValue())).toList());
        }
        return settings;
    }

    private MonitorSettings settings(Optional<StoredSettings> stored) {
        if (stored.isEmpty()) {
            return MonitorSettings.defaults();
        }
        try {
            // Laid over today's defaults: settings stored before a setting existed take its default.
            ObjectNode merged = mapper.valueToTree(MonitorSettings.defaults());
            merge(merged, (ObjectNode) mapper.readTree(stored.get().json()));
            return mapper.treeToValue(merged, MonitorSettings.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode view(String systemId, Optional<StoredSettings> stored) {
        MonitorSettings settings = settings(stored);
        ObjectNode view = mapper.createObjectNode();
        view.put("systemId", systemId);
        view.put("version", stored.map(StoredSettings::version).orElse(0L));
        view.put("customised", stored.isPresent());
        stored.ifPresent(s -> {
            view.put("updatedAt", s.updatedAt().toString());
            view.put("updatedBy", s.updatedBy());
        });
        view.setAll((ObjectNode) mapper.valueToTree(settings));
        view.set("categoriesInForce", mapper.valueToTree(settings.effectiveCategories()));
        return view;
    }

    private String write(MonitorSettings settings) {
        try {
            return mapper.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lays {@code update} over {@code base}: objects field by field, anything else replaced. */
    private static void merge(ObjectNode base, ObjectNode update) {
        Iterator<Map.Entry<String, JsonNode>> fields = update.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode updateObject
                    && !field.getKey().equals("categories")) {
                merge(currentObject, updateObject);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }
}
