package dev.aiim.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline checks of deploy/kubernetes (no cluster here): each overlay renders with {@code kubectl kustomize};
 * every core resource parses into the fabric8 model with no field the model does not know (a misspelt
 * field would be silently ignored by a cluster); every operator resource has what its operator needs; and
 * the policy rules hold: limits, probes, non-root, read-only root file system, no Secret values anywhere.
 */
class KustomizeOverlaysTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization FABRIC8 = new KubernetesSerialization();
    private static final Map<String, List<Resource>> RENDERED = new HashMap<>();
    /** Operator kinds, and the fields (JSON pointers) each must set. */
    private static final Map<String, List<String>> OPERATOR_KINDS = Map.of(
            "Kafka", List.of("/spec/kafka/listeners/0/authentication/type", "/spec/kafka/authorization/type"),
            "KafkaNodePool", List.of("/spec/replicas", "/spec/roles", "/spec/storage/type", "/metadata/labels/strimzi.io~1cluster"),
            "KafkaTopic", List.of("/spec/topicName", "/spec/partitions", "/spec/replicas", "/metadata/labels/strimzi.io~1cluster"),
            "KafkaUser", List.of("/spec/authentication/type", "/spec/authorization/acls", "/metadata/labels/strimzi.io~1cluster"),
            "Cluster", List.of("/spec/instances", "/spec/bootstrap/initdb/database", "/spec/storage/size"),
            "ScheduledBackup", List.of("/spec/schedule", "/spec/cluster/name"),
            "Keycloak", List.of("/spec/instances", "/spec/db/host", "/spec/db/passwordSecret/name", "/spec/hostname/hostname"),
            "KeycloakRealmImport", List.of("/spec/keycloakCRName", "/spec/realm/realm", "/spec/realm/roles"));
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|_TOKEN$|JAAS|CREDENTIAL|_KEY$).*");

    private record Resource(String kind, String name, JsonNode json, String yaml) {
    }

    /** kubectl 1.27 brings kustomize v5; older ones (Debian bookworm's is 1.20) cannot read these files. */
    private static void requireRecentKubectl() {
        String version = run(List.of("kubectl", "version", "--client", "-o", "json"));
        try {
            JsonNode client = YAML.readTree(version).path("clientVersion");
            int minor = Integer.parseInt(client.path("minor").asText().replaceAll("\\D.*", ""));
            assertThat(client.path("major").asInt() > 1 || minor >= 27)
                    .as("kubectl %s is too old for these manifests (needs 1.27+, kustomize v5)",
                            client.path("gitVersion").asText()).isTrue();
        } catch (IOException e) {
            throw new AssertionError("cannot read kubectl's version: " + version, e);
        }
    }

    private static synchronized List<Resource> render(String overlay) {
        if (RENDERED.isEmpty()) {
            requireRecentKubectl();
        }
        return RENDERED.computeIfAbsent(overlay, o -> {
            Path dir = ManifestSources.KUBERNETES.resolve("overlays").resolve(o);
            String out = run(List.of("kubectl", "kustomize", dir.toString()));
            List<Resource> resources = new ArrayList<>();
            for (String document : out.split("(?m)^---\\s*$")) {
                if (document.isBlank()) {
                    continue;
                }
                try {
                    JsonNode json = YAML.readTree(document);
                    resources.add(new Resource(json.path("kind").asText(), json.path("metadata").path("name").asText(),
                            json, document));
                } catch (IOException e) {
                    throw new AssertionError("overlay " + o + " rendered a document that does not parse: " + document, e);
                }
            }
            return resources;
        });
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String text = new String(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s failed:%n%s", command, text).isZero();
            return text;
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed for these checks (Debian package kubernetes-client;"
                    + " deploy/local/platform test installs it when missing): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<Resource> ofKind(String overlay, String kind) {
        return render(overlay).stream().filter(r -> r.kind().equals(kind)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_resource_parses_and_operator_resources_have_what_their_operators_need(String overlay) {
        List<Resource> resources = render(overlay);
        assertThat(resources).extracting(Resource::kind).contains("Deployment", "Service", "ConfigMap",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Ingress", "Kafka", "KafkaNodePool",
                "KafkaTopic", "KafkaUser", "Cluster", "Keycloak", "KeycloakRealmImport");
        for (Resource r : resources) {
            assertThat(r.name()).as("a %s without a name", r.kind()).isNotBlank();
            if (OPERATOR_KINDS.containsKey(r.kind())) {
                for (String pointer : OPERATOR_KINDS.get(r.kind())) {
                    assertThat(r.json().at(pointer).isMissingNode()).as("%s %s sets %s", r.kind(), r.name(), pointer)
                            .isFalse();
                }
                continue;
            }
            HasMetadata parsed = FABRIC8.unmarshal(r.yaml());
            assertThat(parsed).as("%s %s is a kind the Kubernetes model knows", r.kind(), r.name())
                    .isNotInstanceOf(GenericKubernetesResource.class);
            List<String> unknown = new ArrayList<>();
            unknownFields(parsed, r.kind(), unknown);
            assertThat(unknown).as("fields the model does not know in %s %s", r.kind(), r.name()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void every_service_container_is_limited_probed_non_root_and_read_only(String overlay) {
        List<Resource> deployments = ofKind(overlay, "Deployment");
        assertThat(deployments).extracting(Resource::name).containsExactlyInAnyOrderElementsOf(ManifestSources.SERVICES);
        for (Resource d : deployments) {
            JsonNode pod = d.json().at("/spec/template/spec");
            assertThat(d.json().at("/spec/replicas").isMissingNode()).as("%s leaves replicas to its autoscaler", d.name())
                    .isTrue();
            for (JsonNode c : pod.path("containers")) {
                String where = d.name() + "/" + c.path("name").asText();
                assertThat(c.at("/resources/limits/cpu").isMissingNode()).as("%s cpu limit", where).isFalse();
                assertThat(c.at("/resources/limits/memory").isMissingNode()).as("%s memory limit", where).isFalse();
                assertThat(c.at("/resources/requests/memory").isMissingNode()).as("%s memory request", where).isFalse();
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    assertThat(c.at("/" + probe + "/httpGet/path").asText()).as("%s %s", where, probe)
                            .startsWith("/q/health");
                }
                boolean nonRoot = c.at("/securityContext/runAsNonRoot").asBoolean(false)
                        || pod.at("/securityContext/runAsNonRoot").asBoolean(false);
                assertThat(nonRoot).as("%s runs as non-root", where).isTrue();
                assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean(false)).as("%s read-only root", where)
                        .isTrue();
                assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as("%s escalation", where)
                        .isFalse();
                assertThat(c.path("image").asText()).as("%s image tag", where).doesNotEndWith(":latest").contains(":");
                for (JsonNode env : c.path("env")) {
                    if (SECRET_NAME.matcher(env.path("name").asText()).matches()) {
                        assertThat(env.at("/valueFrom/secretKeyRef/name").isMissingNode())
                                .as("%s takes %s from a Secret, not inline", where, env.path("name").asText()).isFalse();
                    }
                }
            }
            assertMigrationsRunApart(d.name(), pod);
            assertThat(ofKind(overlay, "HorizontalPodAutoscaler")).extracting(Resource::name).contains(d.name());
            assertThat(ofKind(overlay, "PodDisruptionBudget")).extracting(Resource::name).contains(d.name());
            assertThat(ofKind(overlay, "NetworkPolicy")).extracting(Resource::name).contains(d.name());
        }
    }

    /**
     * The database owner's credentials (the operator's Secret {@code <service>-db-app}) reach only the init
     * container that runs the migrations; the service's container connects as its own role and does not migrate.
     */
    private static void assertMigrationsRunApart(String service, JsonNode pod) {
        String ownerSecret = service + "-db-app";
        JsonNode init = pod.path("initContainers");
        assertThat(init.size()).as("%s init containers", service).isEqualTo(1);
        JsonNode migrate = init.get(0);
        assertThat(migrate.path("name").asText()).isEqualTo("migrate");
        assertThat(env(migrate, "QUARKUS_PROFILE").path("value").asText()).isEqualTo("migrate");
        assertThat(env(migrate, "AIIM_DB_OWNER_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                .isEqualTo(ownerSecret);
        assertThat(migrate.at("/securityContext/readOnlyRootFilesystem").asBoolean(false)).as("%s/migrate read-only",
                service).isTrue();
        assertThat(migrate.at("/resources/limits/memory").isMissingNode()).as("%s/migrate memory limit", service)
                .isFalse();
        for (JsonNode c : pod.path("containers")) {
            assertThat(c.toString()).as("%s/%s holds the owner's credentials", service, c.path("name").asText())
                    .doesNotContain(ownerSecret);
            assertThat(env(c, "AIIM_DB_PASSWORD").at("/valueFrom/secretKeyRef/name").asText())
                    .isEqualTo(service + "-db-service");
            assertThat(env(c, "QUARKUS_FLYWAY_MIGRATE_AT_START").path("value").asText()).isEqualTo("false");
        }
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                return env;
            }
        }
        throw new AssertionError(container.path("name").asText() + " has no " + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void no_secret_value_is_in_the_manifests(String overlay) {
        assertThat(ofKind(overlay, "Secret")).as("Secrets are made by the operators or by hand, never shipped").isEmpty();
        for (Resource config : ofKind(overlay, "ConfigMap")) {
            config.json().path("data").fieldNames().forEachRemaining(key -> assertThat(SECRET_NAME.matcher(key).matches())
                    .as("ConfigMap %s holds %s, which belongs in a Secret", config.name(), key).isFalse());
        }
        for (Resource realm : ofKind(overlay, "KeycloakRealmImport")) {
            for (JsonNode client : realm.json().at("/spec/realm/clients")) {
                assertThat(client.has("secret")).as("client %s carries a secret", client.path("clientId").asText())
                        .isFalse();
            }
        }
    }

    @Test
    void production_is_replicated_backed_up_and_has_no_demo_users() {
        String p = "production";
        assertThat(ofKind(p, "KafkaNodePool")).allSatisfy(pool -> assertThat(pool.json().at("/spec/replicas").asInt())
                .isEqualTo(3));
        assertThat(ofKind(p, "KafkaTopic")).hasSize(11).allSatisfy(topic -> {
            assertThat(topic.json().at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(topic.json().at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
        });
        assertThat(ofKind(p, "KafkaTopic")).filteredOn(t -> List.of("aiim.ai-systems.v1", "aiim.people.v1",
                        "aiim.integrity-checkpoints.v1").contains(t.json().at("/spec/topicName").asText())).hasSize(3)
                .allSatisfy(t -> assertThat(t.json().at("/spec/config/cleanup.policy").asText()).isEqualTo("compact"));
        // the history of record: reporting rebuilds from it, so nothing may age out of it
        assertThat(ofKind(p, "KafkaTopic")).filteredOn(t -> t.json().at("/spec/topicName").asText()
                .equals("aiim.incident-events.v1")).singleElement()
                .satisfies(t -> assertThat(t.json().at("/spec/config/retention.ms").asText()).isEqualTo("-1"));
        List<Resource> clusters = ofKind(p, "Cluster");
        assertThat(clusters).hasSize(5).allSatisfy(c -> {
            assertThat(c.json().at("/spec/instances").asInt()).isEqualTo(3);
            assertThat(c.json().at("/spec/backup/barmanObjectStore/destinationPath").asText()).isNotBlank();
        });
        assertThat(ofKind(p, "ScheduledBackup")).extracting(b -> b.json().at("/spec/cluster/name").asText())
                .containsExactlyInAnyOrderElementsOf(clusters.stream().map(Resource::name).toList());
        assertThat(ofKind(p, "KeycloakRealmImport")).singleElement()
                .satisfies(r -> assertThat(r.json().at("/spec/realm/users").isMissingNode()).isTrue());
        assertThat(ofKind(p, "HorizontalPodAutoscaler")).allSatisfy(h -> assertThat(h.json().at("/spec/minReplicas")
                .asInt()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void dev_runs_one_of_each_with_the_demo_users() {
        String d = "dev";
        assertThat(ofKind(d, "KafkaNodePool")).allSatisfy(pool -> assertThat(pool.json().at("/spec/replicas").asInt())
                .isEqualTo(1));
        assertThat(ofKind(d, "KafkaTopic")).allSatisfy(topic -> {
            assertThat(topic.json().at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(topic.json().at("/spec/config/min.insync.replicas").asInt()).isEqualTo(1);
        });
        assertThat(ofKind(d, "Cluster")).allSatisfy(c -> assertThat(c.json().at("/spec/instances").asInt()).isEqualTo(1));
        assertThat(ofKind(d, "KeycloakRealmImport")).singleElement()
                .satisfies(r -> assertThat(r.json().at("/spec/realm/users")).hasSize(6));
    }

    /** Walks a parsed fabric8 model object and lists every field it kept as "additional" (unknown to the model). */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || IGNORED_GETTERS.contains(getter.getName())) {
                continue;
            }
            try {
                Object child = getter.invoke(value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        unknown.add(path + ": " + extra.keySet());
                    }
                } else {
                    unknownFields(child, path + "." + getter.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final Set<String> IGNORED_GETTERS = Set.of("getClass", "getApiVersion", "getKind", "getPlural",
            "getSingular", "getFullResourceName");
}
