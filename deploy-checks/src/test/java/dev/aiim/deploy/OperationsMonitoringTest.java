package dev.aiim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped alert rules and dashboard: the rules load in Debian's Prometheus ({@code promtool check rules}),
 * their unit tests pass ({@code promtool test rules}: the alerts fire, and stay quiet, when they should), the
 * Kubernetes PrometheusRule carries exactly the same rules, and the Grafana dashboard only charts the platform's
 * operations metrics.
 */
class OperationsMonitoringTest {

    private static final Path RULES = ManifestSources.ROOT.resolve("deploy/prometheus/aiim-alerts.rules.yml");
    private static final Path RULE_TESTS = ManifestSources.ROOT.resolve("deploy/prometheus/aiim-alerts.test.yml");
    private static final Path PROMETHEUS_RULE =
            ManifestSources.ROOT.resolve("deploy/kubernetes/monitoring/prometheus-rule.yaml");
    private static final Path DASHBOARD = ManifestSources.ROOT.resolve("deploy/grafana/aiim-operations.json");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> OPERATIONS_METRICS = List.of("relay_lag_seconds", "outbox_pending_messages",
            "dead_letter_messages_total", "consumer_lag_records", "consumer_retries_total",
            "notification_delivery_attempts_total", "monitor_evaluation_seconds", "up{");

    @Test
    void the_rules_load_in_prometheus_and_their_unit_tests_pass() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 9 rules found");
        assertThat(promtool("test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void the_kubernetes_prometheus_rule_carries_the_same_rules() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(PROMETHEUS_RULE.toFile()).forEachRemaining(documents::add);
        JsonNode rule = documents.stream().filter(d -> d != null && d.has("kind")).findFirst().orElseThrow();
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("spec")).isEqualTo(YAML.readTree(RULES.toFile()));
    }

    @Test
    void the_dashboard_charts_the_operations_metrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("aiim-operations");
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> expressions.add(target.path("expr").asText())));
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8)
                .allSatisfy(expr -> assertThat(OPERATIONS_METRICS).anyMatch(expr::contains));
        assertThat(String.join("\n", expressions)).contains("relay_lag_seconds", "outbox_pending_messages",
                "dead_letter_messages_total", "consumer_lag_records", "notification_delivery_attempts_total");
    }

    /** Runs Debian's promtool: AIIM_PROMTOOL_BIN (deploy/local/platform test prepares it) or promtool on the PATH. */
    private static String promtool(String... arguments) throws Exception {
        String binary = System.getenv().getOrDefault("AIIM_PROMTOOL_BIN", "promtool");
        List<String> command = new ArrayList<>(List.of(binary));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("promtool is missing (" + binary + "): run the tests with deploy/local/platform"
                    + " test, which fetches Debian's prometheus package, or set AIIM_PROMTOOL_BIN", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
        return output;
    }
}
