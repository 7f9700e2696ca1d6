package dev.aiim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md's endpoint reference is what the services' OpenAPI documents say now: every operation with its
 * summary and the roles that may call it. The builds store the documents in {@code <service>/target/openapi}
 * ({@code quarkus.smallrye-openapi.store-schema-directory}). With {@code -Daiim.docs.write=true} the test
 * writes the reference instead of comparing it.
 */
class ApiGuideTest {

    static final Path GUIDE = ManifestSources.ROOT.resolve("docs/api.md");
    static final String START = "<!-- generated: endpoint reference -->\n";
    static final String END = "<!-- end of generated -->\n";
    private static final List<String> SERVICES = List.of("detection-service", "incident-service",
            "notification-service", "reporting-service");
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @Test
    void the_api_guide_lists_what_the_openapi_documents_say() throws IOException {
        String guide = Files.readString(GUIDE);
        int start = guide.indexOf(START);
        int end = guide.indexOf(END);
        assertThat(start).as("docs/api.md has the generated section's start marker").isNotNegative();
        assertThat(end).as("docs/api.md has the generated section's end marker").isGreaterThan(start);
        String expected = reference();
        String current = guide.substring(start + START.length(), end);
        if (Boolean.getBoolean("aiim.docs.write")) {
            Files.writeString(GUIDE, guide.substring(0, start + START.length()) + expected + guide.substring(end));
            return;
        }
        assertThat(current).as("docs/api.md's endpoint reference is out of date; regenerate it (see the page)")
                .isEqualTo(expected);
    }

    /** The reference as Markdown: one table per service, operations by path, then by method. */
    static String reference() throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (String service : SERVICES) {
            Path document = ManifestSources.ROOT.resolve(service + "/target/openapi/openapi.json");
            assertThat(document).as("the build stores %s's OpenAPI document (package the service first)", service)
                    .exists();
            JsonNode api = json.readTree(document.toFile());
            out.append("\n### ").append(service).append("\n\n")
                    .append("| method | path | what | roles |\n| --- | --- | --- | --- |\n");
            Map<String, JsonNode> paths = new TreeMap<>();
            api.path("paths").fields().forEachRemaining(e -> paths.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, JsonNode> path : paths.entrySet()) {
                for (String method : METHODS) {
                    JsonNode operation = path.getValue().get(method);
                    if (operation != null) {
                        out.append("| ").append(method.toUpperCase()).append(" | `").append(path.getKey())
                                .append("` | ").append(cell(operation.path("summary").asText("")))
                                .append(" | ").append(roles(operation)).append(" |\n");
                    }
                }
            }
        }
        return out.append('\n').toString();
    }

    private static String roles(JsonNode operation) {
        JsonNode security = operation.get("security");
        if (security == null || security.isEmpty()) {
            return "no token (public, or the integration's credentials)";
        }
        List<String> roles = new ArrayList<>();
        security.forEach(requirement -> requirement.fields()
                .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
        return roles.isEmpty() ? "any signed-in user" : String.join(", ", roles);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").strip();
    }
}
