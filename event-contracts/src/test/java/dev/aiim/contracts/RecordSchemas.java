package dev.aiim.contracts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON Schema that a message record's JSON (as written by {@link EventJson}) must have.
 * The test compares it with the committed schema file, so a field added on one side only fails.
 */
final class RecordSchemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RecordSchemas() {
    }

    static ObjectNode messageSchema(MessageType type) {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://aiim.dev/schemas/" + type.ceType() + ".schema.json");
        schema.put("title", type.ceType());
        schema.put("description", "Data of the CloudEvents type " + type.ceType() + " on topic " + type.topic()
                + " (record " + type.payloadType().getName() + ").");
        schema.setAll(recordSchema(type.payloadType()));
        return schema;
    }

    private static ObjectNode recordSchema(Class<?> record) {
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (RecordComponent component : record.getRecordComponents()) {
            ObjectNode property = typeSchema(component.getGenericType());
            // a @Nullable field may also be absent: messages written before it was added stay valid
            boolean nullable = component.isAnnotationPresent(Nullable.class);
            if (nullable) {
                allowNull(property);
            }
            properties.set(component.getName(), property);
            if (!nullable) {
                required.add(component.getName());
            }
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode typeSchema(Type type) {
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                ObjectNode array = JSON.objectNode().put("type", "array");
                array.set("items", typeSchema(args[0]));
                return array;
            }
            if (Map.class.isAssignableFrom(raw)) {
                ObjectNode map = JSON.objectNode().put("type", "object");
                if (args[1] != Object.class) {
                    map.set("additionalProperties", typeSchema(args[1]));
                }
                return map;
            }
            throw new IllegalArgumentException("Unsupported generic type " + type);
        }
        Class<?> cls = (Class<?>) type;
        if (cls == String.class) {
            return JSON.objectNode().put("type", "string");
        }
        if (cls == Instant.class) {
            return JSON.objectNode().put("type", "string").put("format", "date-time");
        }
        if (cls == LocalDate.class) {
            return JSON.objectNode().put("type", "string").put("format", "date");
        }
        if (cls == boolean.class || cls == Boolean.class) {
            return JSON.objectNode().put("type", "boolean");
        }
        if (cls == int.class || cls == long.class || cls == Integer.class || cls == Long.class) {
            return JSON.objectNode().put("type", "integer");
        }
        if (cls == double.class || cls == Double.class) {
            return JSON.objectNode().put("type", "number");
        }
        if (cls.isEnum()) {
            ObjectNode node = JSON.objectNode().put("type", "string");
            ArrayNode values = node.putArray("enum");
            Arrays.stream(cls.getEnumConstants()).forEach(c -> values.add(((Enum<?>) c).name()));
            return node;
        }
        if (cls.isRecord()) {
            return recordSchema(cls);
        }
        throw new IllegalArgumentException("Unsupported type " + cls.getName());
    }

    private static void allowNull(ObjectNode property) {
        String type = property.get("type").asText();
        ArrayNode types = JSON.arrayNode().add(type).add("null");
        property.set("type", types);
        if (property.has("enum")) {
            ((ArrayNode) property.get("enum")).addNull();
        }
    }
}
