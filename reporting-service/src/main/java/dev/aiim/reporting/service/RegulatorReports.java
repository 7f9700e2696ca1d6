package dev.aiim.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.SecretBox;
import dev.aiim.reporting.config.ReportingConfig;
import dev.aiim.reporting.domain.CanonicalJson;
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
 * hash chain the report was built from and the chain's head hash, and carries an HMAC-SHA256 of the whole
 * report (canonical JSON, under the service key): a report verifies only if not one field was changed and
 * the chain it names is the one recorded.
 */
@ApplicationScoped
public class RegulatorReports {

    static final String DIGEST_PURPOSE = "regulator-export";
    static final String DIGEST_PREFIX = "hmac-sha256:";

    /** The outcome of a verification. */
    public record Verification(boolean valid, String reason) {
    }

    private final IncidentEventLogRepository log;
    private final AiSystemReplica systems;
    private final SecretBox secrets;
    private final ReportingConfig config;
    private final Clock clock;
    private final Pool pool;

    public RegulatorReports(IncidentEventLogRepository log, AiSystemReplica systems, SecretBox secrets,
                            ReportingConfig config, Clock clock, Pool pool) {
        this.log = log;
        this.systems = systems;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
        this.pool = pool;
    }

    /** The incident's dossier, 404 when reporting has no event of it. */
    public Uni<IncidentDossier> dossier(String incidentId) {
        return log.events(pool, incidentId).map(events -> IncidentDossier.of(events)
                .orElseThrow(() -> new ResourceNotFoundException("Incident", incidentId)));
    }

    public Uni<Map<String, Object>> export(String incidentId, String regime, String stage) {
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
            integrity.put("contentDigest", digest(EventJson.mapper().valueToTree(report)));
            return report;
        }));
    }

    /** Whether the report is unaltered and the event chain it names is the one recorded. */
    public Uni<Verification> verify(JsonNode report) {
        JsonNode integrity = report == null ? null : report.get("integrity");
        if (integrity == null || !integrity.isObject() || !integrity.hasNonNull("contentDigest")
                || !integrity.hasNonNull("incidentId") || !integrity.hasNonNull("eventCount")
                || !integrity.hasNonNull("headHash")) {
            return Uni.createFrom().item(new Verification(false, "The export has no complete integrity block"
                    + " (incidentId, eventCount, headHash, contentDigest)"));
        }
        if (!digest(report).equals(integrity.get("contentDigest").asText())) {
            return Uni.createFrom().item(new Verification(false, "The export was changed after it was issued: its"
                    + " content does not match its digest"));
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
        return new Verification(true, "Unaltered, and built from events 1 to " + count + " of incident " + incidentId
                + " as recorded (head " + head + ")");
    }

    /** The HMAC of the report's canonical JSON without the digest itself. */
    private String digest(JsonNode report) {
        JsonNode copy = report.deepCopy();
        if (copy.get("integrity") instanceof ObjectNode integrity) {
            integrity.remove("contentDigest");
        }
        return DIGEST_PREFIX + secrets.mac(DIGEST_PURPOSE, CanonicalJson.of(copy));
    }

    private ReportingEntity entity() {
        ReportingConfig.Entity e = config.entity();
        return new ReportingEntity(e.legalName().orElse(null), e.role().orElse(null), e.country().orElse(null),
                e.contactName().orElse(null), e.contactEmail().orElse(null), e.contactPhone().orElse(null),
                e.dpoEmail().orElse(null));
    }
}
