package dev.aiim.reporting.rest;

import dev.aiim.platform.security.Roles;
import dev.aiim.reporting.rest.ReportingViews.BoardView;
import dev.aiim.reporting.service.Dashboard;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The leadership dashboard: sign-in through Keycloak (authorization code flow; this service runs OIDC in
 * hybrid mode, so API calls keep using bearer tokens), role leadership (or admin). The page is rendered on
 * the server and readable without scripts; its charts (Apache ECharts) draw from {@code /dashboard/data}.
 */
@Path("/dashboard")
@Tag(name = "Dashboard")
@RolesAllowed({Roles.LEADERSHIP, Roles.ADMIN})
public class DashboardResource {

    private final Dashboard dashboard;
    private final Template page;

    public DashboardResource(Dashboard dashboard, @Location("dashboard.html") Template page) {
        this.dashboard = dashboard;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The leadership dashboard (browser, signed in)")
    public Uni<TemplateInstance> page() {
        return dashboard.board().map(BoardView::of)
                .map(board -> page.data("board", board).data("summary", board.metrics().summary()));
    }

    @GET
    @Path("/data")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The dashboard's figures: metrics summary, open incidents with overdue flags")
    public Uni<BoardView> data() {
        return dashboard.board().map(BoardView::of);
    }
}
