package dev.aiim.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.integrity.DetachedJws;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.SigningKeys;
import dev.aiim.reporting.config.ReportingConfig;
import dev.aiim.reporting.domain.IncidentDossier;
import dev.aiim.reporting.domain.RegulatorExports;
import dev.aiim.reporting.domain.ReportingEntity;
import dev.aiim.reporting.repository.IncidentEventLogRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regulator exports with provable integrity. The integrity block names the incident, how many events of its
 * hash chain the report was built from and the chain's head hash; the whole report is signed with the service's
 * Ed25519 key ({@link SignedDocument}: a detached JWS over its RFC 8785 form), so anyone holding the published
 * keys can check it without us. A report verifies only if not one field was changed, the signature is under one
 * of the service's keys, and the chain it names is the one recorded.
 */
@ApplicationScoped
public class RegulatorReports {

    /** The outcome of a verification. */
    public record Verification(boolean valid, String reason) {
    }

    private final IncidentEventLogRepository log;
    private final AiSystemReplica systems;
    private final SigningKeys keys;
    private final ReportingConfig config;
    private final Clock clock;
    private final Pool pool;

    public RegulatorReports(IncidentEventLogRepository log, AiSystemReplica systems, SigningKeys keys,
                            ReportingConfig config, Clock clock, Pool pool) {
        this.log = log;
        this.systems = systems;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
    }

    /** The incident's dossier, 404 when reporting has no event of it. */
    public Uni<IncidentDossier> dossier(String incidentId) {
        return log.events(pool, incidentId).map(events -> IncidentDossier.of(events)
                .orElseThrow(() -> new ResourceNotFoundException("Incident", incidentId)));
    }

    public Uni<ObjectNode> export(String incidentId, String regime, String stage) {
        if (!RegulatorExports.known(regime)) {
            throw new ResourceNotFoundException("Export regime (one of " + RegulatorExports.REGIMES + ")", regime);
        }
        return dossier(incidentId).chain(d -> systems.find(pool, d.record().systemId()).map(system -> {
            String chosen;
            try {
                chosen = RegulatorExports.stage(regime, stage, d);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("stage", e.getMessage());
            }
            Instant now = clock.instant();
            Map<String, Object> report = RegulatorExports.build(regime, chosen, d, system.orElse(null), entity(), now);
            Map<String, Object> integrity = new LinkedHashMap<>();
            integrity.put("incidentId", d.record().incidentId());
            integrity.put("eventCount", d.eventCount());
            integrity.put("headHash", d.headHash());
            integrity.put("exportedAt", now.toString());
            report.put("integrity", integrity);
            return SignedDocument.sign(EventJson.mapper().valueToTree(report), keys.ring().active());
        }));
    }

    /** Whether the report is unaltered, signed by this service, and the event chain it names is the one recorded. */
    public Uni<Verification> verify(JsonNode report) {
        JsonNode integrity = report == null ? null : report.get("integrity");
        if (integrity == null || !integrity.isObject() || !integrity.hasNonNull("incidentId")
                || !integrity.hasNonNull("eventCount") || !integrity.hasNonNull("headHash")) {
            return Uni.createFrom().item(new Verification(false, "The export has no complete integrity block"
                    + " (incidentId, eventCount, headHash)"));
        }
        DetachedJws.Check signature = SignedDocument.verify(report, keys.ring().published());
        if (!signature.valid()) {
            return Uni.createFrom().item(new Verification(false, signature.reason()));
        }
        String incidentId = integrity.get("incidentId").asText();
        long count = integrity.get("eventCount").asLong();
        String head = integrity.get("headHash").asText();
        return log.events(pool, incidentId).map(events -> chain(incidentId, events, count, head));
    }

    private static Verification chain(String incidentId, List<IncidentEvent> events, long count, String head) {
        if (events.size() < count) {
            return new Verification(false, "Only " + events.size() + " events of incident " + incidentId
                    + " are recorded; the export names " + count);
        }
        String previous = null;
        for (int i = 0; i < count; i++) {
            var h = events.get(i).header();
            if (h.version() != i + 1) {
                return new Verification(false, "Event " + (i + 1) + " of incident " + incidentId + " is not recorded");
            }
            if (i > 0 && !previous.equals(h.prevHash())) {
                return new Verification(false, "The recorded chain of incident " + incidentId + " breaks at version "
                        + h.version());
            }
            previous = h.hash();
        }
        if (!head.equals(previous)) {
            return new Verification(false, "The export's head hash is not the recorded hash of event " + count
                    + " of incident " + incidentId);
        }
        return new Verification(true, "Unaltered, signed by this service, and built from events 1 to " + count
                + " of incident " + incidentId + " as recorded (head " + head + ")");
    }

    private ReportingEntity entity() {
        ReportingConfig.Entity e = config.entity();
        return new ReportingEntity(e.legalName().orElse(null), e.role().orElse(null), e.country().orElse(null),
                e.contactName().orElse(null), e.contactEmail().orElse(null), e.contactPhone().orElse(null),
                e.dpoEmail().orElse(null));
    }
}
