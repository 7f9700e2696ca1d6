package dev.aiim.detection.rest;

import dev.aiim.detection.service.MonitorBacktests;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The status and result of a backtest started with {@code POST /api/v1/systems/{id}/monitors/backtest}. */
@Path("/api/v1/backtests")
@Tag(name = "Model monitors")
@Produces(MediaType.APPLICATION_JSON)
public class BacktestResource {

    private final MonitorBacktests backtests;

    public BacktestResource(MonitorBacktests backtests) {
        this.backtests = backtests;
    }

    @GET
    @Path("/{backtestId}")
    @RolesAllowed({Roles.RESPONDER, Roles.COMMANDER, Roles.LEADERSHIP, Roles.REGULATOR, Roles.ADMIN})
    @Operation(summary = "A backtest: RUNNING with its progress, DONE with what each monitor would have raised, or"
            + " FAILED with why")
    public Uni<BacktestView> backtest(@PathParam("backtestId") String backtestId) {
        UUID id;
        try {
            id = UUID.fromString(backtestId);
        } catch (IllegalArgumentException e) {
            throw new ResourceNotFoundException("backtest", backtestId);
        }
        return backtests.find(id).map(b -> BacktestView.of(b, backtests.abandoned(b),
                backtests.tree(b.request()).orElse(null), backtests.tree(b.result()).orElse(null)));
    }
}
