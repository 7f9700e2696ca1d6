package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.MessageType;
import dev.aiim.contracts.MessageTypes;
import dev.aiim.incident.domain.IncidentEvent;

import java.util.HashMap;
import java.util.Map;

/**
 * Stored event types: each domain event is stored under the name of the integration event it becomes
 * ({@code incident.triaged}) and that event's schema version. The pairing is found by record name, so a
 * domain event without a contract fails at start-up instead of at the relay.
 */
public final class IncidentEventCodec {

    /** The message mapping, with map entries in key order so that the same state always writes the same text. */
    private static final ObjectMapper MAPPER = EventJson.configure(new ObjectMapper())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final Map<Class<?>, MessageType> BY_CLASS = new HashMap<>();
    private static final Map<String, Class<? extends IncidentEvent>> BY_NAME = new HashMap<>();

    static {
        for (Class<?> permitted : IncidentEvent.class.getPermittedSubclasses()) {
            MessageType type = MessageTypes.ALL.stream()
                    .filter(t -> t.payloadType().getSimpleName().equals(permitted.getSimpleName()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No integration event in event-contracts for "
                            + permitted.getSimpleName()));
            BY_CLASS.put(permitted, type);
            BY_NAME.put(type.name(), permitted.asSubclass(IncidentEvent.class));
        }
    }

    private IncidentEventCodec() {
    }

    public static MessageType typeOf(IncidentEvent event) {
        return BY_CLASS.get(event.getClass());
    }

    public static JsonNode payload(IncidentEvent event) {
        return MAPPER.valueToTree(event);
    }

    public static IncidentEvent read(String type, JsonNode payload) {
        return convert(payload, eventClass(type));
    }

    /** Reads a stored payload straight from its JSON text (the fast path for replays). */
    public static IncidentEvent read(String type, String payloadJson) {
        return read(payloadJson, eventClass(type));
    }

    private static Class<? extends IncidentEvent> eventClass(String type) {
        Class<? extends IncidentEvent> eventClass = BY_NAME.get(type);
        if (eventClass == null) {
            throw new IllegalStateException("Unknown stored event type " + type);
        }
        return eventClass;
    }

    /** Serialises a value (an event, a state) to JSON text. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON does not read as " + type.getSimpleName(), e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static JsonNode parse(String json) {
        try {
            return HashChain.READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON does not parse", e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON does not read as " + type.getSimpleName(), e);
        }
    }
}
