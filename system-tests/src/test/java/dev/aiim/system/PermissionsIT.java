package dev.aiim.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.aiim.system.Platform.Service.DETECTION;
import static dev.aiim.system.Platform.Service.INCIDENT;
import static dev.aiim.system.Platform.Service.NOTIFICATION;
import static dev.aiim.system.Platform.Service.REPORTING;
import static dev.aiim.system.Platform.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md, "Who may do what" across the four packaged services, with tokens Keycloak issues to the demo
 * users: each role may do what the table allows (an answer other than 401 and 403) and gets 403 elsewhere;
 * without a token, 401.
 */
class PermissionsIT {

    private enum Expect { ALLOWED, FORBIDDEN, UNAUTHENTICATED }

    private record Check(String user, String method, String url, String body, Expect expect) {
    }

    @BeforeAll
    static void platform() throws Exception {
        Platform.start();
    }

    @Test
    void every_role_may_do_what_section_7_allows_and_nothing_else() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        String system = "{\"id\": \"perm-" + u + "\", \"name\": \"Permissions " + u + "\", \"ownerTeam\": \"risk-ml\","
                + " \"riskTier\": \"HIGH\", \"knownGoodVersions\": [], \"dataCategories\": [], \"jurisdictions\": []}";
        List<Check> checks = List.of(
                // detection-service: integrations and the registry are the admin's
                new Check("admin", "GET", DETECTION.url("/api/v1/integrations"), null, Expect.ALLOWED),
                new Check("admin", "POST", DETECTION.url("/api/v1/systems"), system, Expect.ALLOWED),
                new Check("commander", "POST", DETECTION.url("/api/v1/systems"), system, Expect.FORBIDDEN),
                new Check("responder", "GET", DETECTION.url("/api/v1/integrations"), null, Expect.FORBIDDEN),
                new Check(null, "GET", DETECTION.url("/api/v1/integrations"), null, Expect.UNAUTHENTICATED),
                // game days: an admin starts them; commanders and leadership follow them
                new Check("commander", "POST", DETECTION.url("/api/v1/simulations"),
                        "{\"scenario\": \"OUTPUT_DRIFT\", \"systemId\": \"x\"}", Expect.FORBIDDEN),
                new Check("leadership", "GET", DETECTION.url("/api/v1/simulations"), null, Expect.ALLOWED),
                new Check("responder", "GET", DETECTION.url("/api/v1/simulations"), null, Expect.FORBIDDEN),
                new Check("leadership", "GET", REPORTING.url("/api/v1/drills"), null, Expect.ALLOWED),
                new Check("regulator", "GET", REPORTING.url("/api/v1/drills"), null, Expect.FORBIDDEN),
                // incident-service: responders, commanders and leadership read; reporters and regulators do not
                new Check("responder", "GET", INCIDENT.url("/api/v1/incidents"), null, Expect.ALLOWED),
                new Check("leadership", "GET", INCIDENT.url("/api/v1/incidents"), null, Expect.ALLOWED),
                new Check("reporter", "GET", INCIDENT.url("/api/v1/incidents"), null, Expect.FORBIDDEN),
                new Check("leadership", "POST", INCIDENT.url("/api/v1/incidents"), declaration(u), Expect.FORBIDDEN),
                new Check(null, "GET", INCIDENT.url("/api/v1/incidents"), null, Expect.UNAUTHENTICATED),
                // notification-service: channels are the admin's; the delivery log is the responders'
                new Check("admin", "GET", NOTIFICATION.url("/api/v1/channels"), null, Expect.ALLOWED),
                new Check("commander", "GET", NOTIFICATION.url("/api/v1/channels"), null, Expect.FORBIDDEN),
                new Check("responder", "GET", NOTIFICATION.url("/api/v1/deliveries?incidentId=x"), null, Expect.ALLOWED),
                new Check("leadership", "GET", NOTIFICATION.url("/api/v1/deliveries?incidentId=x"), null, Expect.FORBIDDEN),
                // reporting-service: metrics for leadership, exports for regulators, reviews for the response
                new Check("leadership", "GET", REPORTING.url("/api/v1/metrics/summary"), null, Expect.ALLOWED),
                new Check("responder", "GET", REPORTING.url("/api/v1/metrics/summary"), null, Expect.FORBIDDEN),
                new Check("regulator", "GET", REPORTING.url("/api/v1/metrics/summary"), null, Expect.FORBIDDEN),
                new Check("regulator", "GET", REPORTING.url("/api/v1/incidents/none/exports/gdpr-art33"), null,
                        Expect.ALLOWED),
                new Check("commander", "GET", REPORTING.url("/api/v1/incidents/none/exports/gdpr-art33"), null,
                        Expect.FORBIDDEN),
                new Check("commander", "GET", REPORTING.url("/api/v1/incidents/none/review"), null, Expect.ALLOWED),
                new Check("reporter", "GET", REPORTING.url("/api/v1/incidents/none/review"), null, Expect.FORBIDDEN),
                new Check(null, "GET", REPORTING.url("/api/v1/metrics/summary"), null, Expect.UNAUTHENTICATED));

        List<String> wrong = new ArrayList<>();
        for (Check check : checks) {
            int status = call(check.user(), check.method(), check.url(), check.body()).statusCode();
            boolean ok = switch (check.expect()) {
                case ALLOWED -> status != 401 && status != 403 && status < 500;
                case FORBIDDEN -> status == 403;
                case UNAUTHENTICATED -> status == 401;
            };
            if (!ok) {
                wrong.add(check.user() + " " + check.method() + " " + check.url() + ": " + status + ", expected "
                        + check.expect());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void only_a_commander_triages_though_a_responder_may_declare() throws Exception {
        String u = UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> declared = call("responder", "POST", INCIDENT.url("/api/v1/incidents"), declaration(u));
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        String location = declared.headers().firstValue("Location").orElseThrow();
        String triage = "{\"decision\": \"CONFIRMED\", \"severity\": \"SEV3\", \"rationale\": \"permissions test\"}";
        assertThat(call("responder", "POST", location + "/triage", triage).statusCode()).isEqualTo(403);
        HttpResponse<String> triaged = call("commander", "POST", location + "/triage", triage);
        assertThat(triaged.statusCode()).as(triaged.body()).isEqualTo(200);
        assertThat(triaged.body()).contains("\"status\":\"TRIAGED\"");
    }

    private static String declaration(String u) {
        return "{\"title\": \"Permissions check " + u + "\", \"category\": \"PERFORMANCE_DEGRADATION\","
                + " \"detectedAt\": \"" + Instant.now() + "\", \"source\": \"MANUAL\", \"simulation\": true}";
    }
}
