package dev.aiim.reporting;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.aiim.platform.testing.ProblemAssertions.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** The leadership dashboard: sign-in first, leadership only, and the page with its data for leaders. */
@QuarkusTest
class DashboardTest {

    @Test
    void without_a_session_the_browser_is_sent_to_sign_in() {
        given().redirects().follow(false).accept("text/html").get("/dashboard").then().statusCode(302)
                .header("Location", containsString("response_type=code"))
                .header("Location", containsString("redirect_uri=http%3A%2F%2Flocalhost%3A"))
                .header("Location", containsString("%2Fdashboard"));
        // the APIs are not part of the sign-in flow: no token, 401
        problem(given().get("/api/v1/metrics/summary"), 401, "unauthenticated");
    }

    @Test
    @TestSecurity(user = "rita", roles = "responder")
    void a_user_without_the_leadership_role_is_refused() {
        given().accept("text/html").get("/dashboard").then().statusCode(403);
        problem(given().get("/dashboard/data"), 403, "forbidden");
    }

    @Test
    @TestSecurity(user = "lena", roles = "leadership")
    void a_leader_sees_the_page_and_its_data() {
        given().accept("text/html").get("/dashboard").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("AI incidents: leadership dashboard"),
                        containsString("SEV1 contained within 1 hour"),
                        containsString("/webjars/echarts/5.3.1/dist/echarts.min.js"),
                        containsString("Reviews completed"));
        given().get("/dashboard/data").then().statusCode(200)
                .body("metrics.summary.targets.mttcSev1.targetMinutes", org.hamcrest.Matchers.equalTo(60))
                .body("open", notNullValue())
                .body("metrics.summary.incidentCount", notNullValue());
        given().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200);
        given().get("/assets/dashboard-charts.js").then().statusCode(200).body(containsString("echarts.init"));
    }

    @Test
    @TestSecurity(user = "rex", roles = "regulator")
    void a_regulator_opens_exports_but_not_reviews_through_the_signed_in_pages() {
        problem(given().get("/dashboard/incidents/console-none/exports/eu-ai-act-art73"), 404, "not-found");
        problem(given().get("/dashboard/incidents/console-none/review"), 403, "forbidden");
    }

    @Test
    @TestSecurity(user = "rita", roles = "responder")
    void a_responder_opens_reviews_but_not_exports_through_the_signed_in_pages() {
        problem(given().get("/dashboard/incidents/console-none/review"), 404, "not-found");
        problem(given().get("/dashboard/incidents/console-none/exports/eu-ai-act-art73"), 403, "forbidden");
    }

    @Test
    void the_leadership_figures_reach_prometheus_only_with_an_admin_token() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_")).body(not(containsString("aiim_incidents")));
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("lena", Set.of("leadership")))
                .get("/q/metrics").then().statusCode(200).body(not(containsString("aiim_incidents")));
        given().auth().oauth2(OidcWiremockTestResource.getAccessToken("ada", Set.of("admin")))
                .get("/q/metrics").then().statusCode(200).body(containsString("aiim_incidents{"),
                        containsString("aiim_incident_duration_minutes{metric=\"mttc\",severity=\"ALL\",stat=\"p90\""),
                        containsString("aiim_read_model_stale_incidents"));
    }
}
