package dev.aiim.incident.eventstore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.Nullable;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * The per-stream hash chain: {@code hash = SHA-256(prev_hash || canonical JSON of the event)}, hex.
 * The canonical form sorts object keys, drops insignificant whitespace and writes numbers in plain
 * form without trailing zeros, so the JSON read back from {@code jsonb} hashes exactly as it did
 * when it was written.
 */
public final class HashChain {

    /** Reads stored JSON without losing any digit of a number. */
    static final ObjectMapper READER = EventJson.configure(new ObjectMapper())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private HashChain() {
    }

    /** The document the hash covers: everything stored about the event except its position and transaction. */
    public static ObjectNode document(String streamId, long version, String eventId, String type, int schemaVersion,
                                      String recordedAt, JsonNode payload, JsonNode metadata) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("streamId", streamId);
        doc.put("version", version);
        doc.put("eventId", eventId);
        doc.put("type", type);
        doc.put("schemaVersion", schemaVersion);
        doc.put("recordedAt", recordedAt);
        doc.set("payload", payload);
        doc.set("metadata", metadata);
        return doc;
    }

    public static String hash(@Nullable String prevHash, JsonNode document) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            if (prevHash != null) {
                sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            }
            sha256.update(canonical(document).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String canonical(JsonNode node) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = READER.getFactory().createGenerator(out)) {
            write(node, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            TreeSet<String> names = new TreeSet<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                g.writeFieldName(name);
                write(node.get(name), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                write(element, g);
            }
            g.writeEndArray();
        } else if (node.isNumber()) {
            g.writeNumber(node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            g.writeTree(node);
        }
    }
}
