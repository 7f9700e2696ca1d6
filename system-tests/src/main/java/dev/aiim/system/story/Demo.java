package dev.aiim.system.story;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * {@code deploy/local/platform demo}: the playbook's credit-model story, then an output-drift and a
 * data-quality story and a game day, told against the running platform with every step printed as it happens, and at the
 * end the links to the incident, the dashboard and the exports. The on-call app that receives the page is a
 * small webhook receiver inside this program; mail goes to the platform's mail sink.
 */
public final class Demo {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Demo() {
    }

    public static void main(String[] args) throws IOException {
        PlatformClient api = new PlatformClient(PlatformClient.Endpoints.local());
        for (String url : new String[] {api.endpoints().detection(), api.endpoints().incident(),
                api.endpoints().notification(), api.endpoints().reporting()}) {
            if (api.call(null, "GET", url + "/q/health/ready", null).statusCode() != 200) {
                System.err.println("demo: " + url + " is not ready; start the platform first: deploy/local/platform up");
                System.exit(1);
            }
        }
        HttpServer onCallApp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        onCallApp.createContext("/page", exchange -> {
            JsonNode body = PlatformClient.read(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            print("   [on-call app] " + body.path("headline").asText(body.path("type").asText("message")) + " ("
                    + exchange.getRequestHeaders().getFirst("webhook-id") + ", signed)");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        onCallApp.start();
        String run = UUID.randomUUID().toString().substring(0, 6);
        try {
            CreditModelStory credit = new CreditModelStory(api, line -> print("   " + line), run);
            print("1. The credit model that denied one group");
            credit.resetClocks();
            credit.registerSystem();
            credit.prepareResponse("http://127.0.0.1:" + onCallApp.getAddress().getPort() + "/page");
            credit.configureMonitors();
            credit.streamStableDecisions();
            credit.encodingChange();
            credit.fairnessDetection();
            credit.incident();
            credit.acknowledgePage();
            credit.triageAsSev1();
            credit.assessRegulatoryDuties();
            credit.rollBack(Duration.ofMinutes(20));
            credit.missAnUpdate(Duration.ofMinutes(11));
            credit.updateTheClient();
            credit.investigate();
            credit.fixAndResolve();
            credit.review();
            credit.verify(credit.art73Export());
            credit.metrics();

            print("2. Output drift after a retraining");
            ModelFaultStory drift = new ModelFaultStory(api, line -> print("   " + line), run,
                    ModelFaultStory.Kind.OUTPUT_DRIFT);
            drift.tell();
            print("3. A data-quality break upstream");
            ModelFaultStory quality = new ModelFaultStory(api, line -> print("   " + line), run,
                    ModelFaultStory.Kind.DATA_QUALITY);
            quality.tell();

            print("4. A game day: the credit-model scenario as a drill");
            GameDay gameDay = new GameDay(api, line -> print("   " + line), run, credit.systemId(), "CREDIT_MODEL_BIAS");
            gameDay.changeRouting(routing -> GameDay.addOnce(routing, "drillAudience", "commander"));
            gameDay.start();
            gameDay.drillIncident();
            gameDay.respond();
            gameDay.score();

            PlatformClient.Endpoints e = api.endpoints();
            print("");
            print("Done. The console and the dashboard sign you in through Keycloak (commander / commander,"
                    + " leadership / leadership); the API links take a bearer token (deploy/local/platform up prints"
                    + " how to get one):");
            credit.links().forEach(link -> print("  " + link));
            print("  Art. 73:   " + e.reporting() + "/api/v1/incidents/" + credit.incidentId()
                    + "/exports/eu-ai-act-art73?format=pdf");
            print("  dashboard: " + e.reporting() + "/dashboard (as leadership)");
            print("  drift:     " + e.incident() + "/api/v1/incidents/" + drift.incidentId());
            print("  quality:   " + e.incident() + "/api/v1/incidents/" + quality.incidentId());
            print("  game day:  " + e.reporting() + "/api/v1/drills/" + gameDay.incidentId() + " (as leadership)");
            print("  mail:      http://127.0.0.1:1080/api/user/commander@aiim.example/messages/INBOX/ (the mail sink;"
                    + " also leadership@aiim.example, credit-risk@bank.example)");
            print("The platform's clocks run " + credit.clockAhead().toMinutes() + " minutes ahead of real time (the"
                    + " minutes the stories let pass); the next demo resets them, as does DELETE /api/v1/admin/clock"
                    + " on each service.");
            print("");
            print("The credit-model incident in the responder console (sign in as commander / commander):");
            print("  " + e.incident() + "/console/incidents/" + credit.incidentId());
        } catch (PlatformClient.StoryFailure failure) {
            System.err.println("demo: " + failure.getMessage());
            System.err.println("demo: what the services said is in their logs: deploy/local/platform logs <service>"
                    + " (detection-service, incident-service, notification-service, reporting-service)");
            System.exit(1);
        } finally {
            onCallApp.stop(0);
        }
    }

    private static void print(String line) {
        System.out.println(line.isEmpty() ? "" : LocalTime.now().format(TIME) + " " + line);
    }
}
