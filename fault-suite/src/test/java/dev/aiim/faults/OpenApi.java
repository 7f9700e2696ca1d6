package dev.aiim.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiim.faults.FaultPlatform.Service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.aiim.faults.FaultPlatform.CLIENT;

/**
 * Every operation a running service documents in its OpenAPI document ({@code /q/openapi}): the faults that
 * must hold for every endpoint (bad bodies, every role) are generated from it, so a new endpoint is covered the
 * day it is added.
 *
 * @param roles      the roles its security requirement names, or null when it declares none (intake with an
 *                   integration's credentials, the public report form)
 * @param body       the JSON request body's schema type ("object", "array", ...), or null without a JSON body
 * @param properties an object body's properties: name -> schema type ("string", "integer", "object", ...)
 * @param query      its query parameters: name -> schema type and format ("integer/int32", "string/date-time")
 */
record OpenApi(Service service, String method, String path, List<String> roles, String body,
               Map<String, String> properties, Map<String, String> query) {

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

    /** The operations of {@code service}, in document order. */
    static List<OpenApi> operations(Service service) {
        JsonNode document = CLIENT.expect(200, null, "GET", service.url("/q/openapi?format=json"), null);
        List<OpenApi> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                JsonNode operation = op.getValue();
                List<String> roles = null;
                if (operation.has("security")) {
                    List<String> declared = new ArrayList<>();
                    for (JsonNode requirement : operation.get("security")) {
                        requirement.fields().forEachRemaining(scheme -> scheme.getValue()
                                .forEach(role -> declared.add(role.asText())));
                    }
                    roles = List.copyOf(declared);
                }
                JsonNode body = operation.at("/requestBody/content/application~1json/schema");
                JsonNode bodySchema = body.isMissingNode() ? null : resolve(document, body);
                Map<String, String> properties = new LinkedHashMap<>();
                if (bodySchema != null) {
                    bodySchema.path("properties").fields().forEachRemaining(property -> properties.put(
                            property.getKey(), resolve(document, property.getValue()).path("type").asText("object")));
                }
                Map<String, String> query = new LinkedHashMap<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        JsonNode schema = resolve(document, parameter.path("schema"));
                        query.put(parameter.get("name").asText(), schema.path("type").asText("string") + "/"
                                + schema.path("format").asText(""));
                    }
                }
                operations.add(new OpenApi(service, op.getKey().toUpperCase(), path.getKey(), roles,
                        bodySchema == null ? null : bodySchema.path("type").asText("object"),
                        Collections.unmodifiableMap(properties), Collections.unmodifiableMap(query)));
            }
        }
        return operations;
    }

    /** The path with each {@code {parameter}} replaced by what {@code values} answers for its name. */
    String path(Function<String, String> values) {
        StringBuilder resolved = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            int open = path.indexOf('{', i);
            if (open < 0) {
                resolved.append(path.substring(i));
                break;
            }
            int close = path.indexOf('}', open);
            resolved.append(path, i, open).append(values.apply(path.substring(open + 1, close)));
            i = close + 1;
        }
        return resolved.toString();
    }

    boolean hasPathParameters() {
        return path.contains("{");
    }

    /** What a report of a mismatch calls it: "POST incident-service /api/v1/incidents/{id}/triage". */
    String name() {
        return method + " " + service.module.module + " " + path;
    }

    /** The schema itself, or the one its {@code $ref} names in the document's components. */
    static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode current = schema;
        for (int depth = 0; depth < 5 && current.has("$ref"); depth++) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        if (current.has("allOf") && current.get("allOf").size() == 1) {
            return resolve(document, current.get("allOf").get(0));
        }
        return current;
    }
}
