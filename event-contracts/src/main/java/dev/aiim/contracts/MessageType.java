package dev.aiim.contracts;

/**
 * One kind of Kafka message: its CloudEvents type ({@code name.vN}), the topic it travels on, the record
 * that is its JSON data, and the JSON Schema file that documents it.
 */
public record MessageType(String name, int version, String topic, Class<?> payloadType) {

    /** The CloudEvents {@code ce_type}, e.g. {@code detection.raised.v1}. */
    public String ceType() {
        return name + ".v" + version;
    }

    /** Class-path location of the JSON Schema of this message's data. */
    public String schemaResource() {
        return "schemas/" + ceType() + ".schema.json";
    }
}
