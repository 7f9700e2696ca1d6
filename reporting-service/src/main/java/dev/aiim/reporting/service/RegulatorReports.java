package dev.aiim.reporting.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiim.contracts.EventJson;
import dev.aiim.contracts.incident.IncidentEvent;
import dev.aiim.integrity.ChainCheckpoint;
import dev.aiim.integrity.DetachedJws;
import dev.aiim.integrity.KeyRing;
import dev.aiim.integrity.PdfSigningKey;
import dev.aiim.integrity.SignedPdf;
import dev.aiim.integrity.SignedDocument;
import dev.aiim.platform.aisystem.AiSystemReplica;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import dev.aiim.platform.security.SigningKeys;
import dev.aiim.reporting.config.ReportingConfig;
import dev.aiim.reporting.domain.IncidentDossier;
import dev.aiim.reporting.domain.RegulatorExports;
import dev.aiim.reporting.domain.ReportingEntity;
import dev.aiim.reporting.repository.CheckpointRepository;
import dev.aiim.reporting.repository.IncidentEventLogRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private final CheckpointRepository checkpoints;
    private final Pool pool;

    public RegulatorReports(IncidentEventLogRepository log, AiSystemReplica systems, SigningKeys keys,
                            ReportingConfig config, Clock clock, CheckpointRepository checkpoints, Pool pool) {
        this.log = log;
        this.checkpoints = checkpoints;
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
        return dossier(incidentId).chain(d -> systems.find(pool, d.record().systemId()).chain(system ->
                checkpoint(incidentId, d.eventCount()).map(checkpoint -> {
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
            integrity.put("checkpoint", checkpoint.orElse(null));
            report.put("integrity", integrity);
            return SignedDocument.sign(EventJson.mapper().valueToTree(report), keys.ring().active());
        })));
    }

    /**
     * The newest checkpoint covering one of the incident's first {@code eventCount} events (the highest such
     * version), with that event's leaf and its inclusion proof under the checkpoint's signed root.
     */
    private Uni<Optional<ObjectNode>> checkpoint(String incidentId, long eventCount) {
        return checkpoints.covering(pool, incidentId, eventCount).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.<ObjectNode>empty())
                : checkpoints.leaves(pool, found.get().checkpoint().checkpointId()).map(leaves -> {
                    long version = found.get().version();
                    ChainCheckpoint.Inclusion inclusion = ChainCheckpoint.inclusion(leaves, incidentId, version)
                            .orElseThrow(() -> new IllegalStateException("checkpoint "
                                    + found.get().checkpoint().checkpointId() + " lost its leaf " + incidentId + "@"
                                    + version));
                    ChainCheckpoint.Leaf leaf = leaves.stream()
                            .filter(l -> l.streamId().equals(incidentId) && l.version() == version)
                            .findFirst().orElseThrow();
                    ObjectNode block = EventJson.mapper().createObjectNode();
                    block.set("document", readTree(found.get().checkpoint().document()));
                    block.set("leaf", EventJson.mapper().valueToTree(leaf));
                    block.put("index", inclusion.index());
                    block.set("proof", EventJson.mapper().valueToTree(inclusion.proof()));
                    block.put("timestamp", found.get().checkpoint().timestamp());
                    return Optional.of(block);
                }));
    }

    private static JsonNode readTree(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored checkpoint is not JSON", e);
        }
    }

    /**
     * The report's rendered PDF ({@code pdf}) made the document a regulator files: the signed JSON report attached
     * ({@code attachmentName}), and a PAdES signature under the service's PDF signing key.
     */
    public byte[] signedPdf(ObjectNode report, byte[] pdf, String attachmentName) {
        PdfSigningKey key = keys.pdf().orElseThrow(() -> new IllegalStateException("no PDF signing key"));
        return SignedPdf.sign(pdf, attachmentName, report.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                key, "Regulator report " + report.path("reportId").asText() + ", as issued by reporting-service",
                clock.instant());
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
        return log.events(pool, incidentId).map(events -> chain(incidentId, events, count, head))
                .chain(verdict -> verdict.valid() ? anchored(integrity, verdict) : Uni.createFrom().item(verdict));
    }

    /**
     * The export's checkpoint checked with the keys incident-service published with it: signed, the event under its
     * root, the exported incident's (none yet is said, not held against the export).
     */
    private Uni<Verification> anchored(JsonNode integrity, Verification chain) {
        JsonNode block = integrity.path("checkpoint");
        if (block.isMissingNode() || block.isNull()) {
            return Uni.createFrom().item(new Verification(true, chain.reason() + "; no checkpoint covered it yet"));
        }
        String checkpointId = block.path("document").path("id").asText();
        return checkpoints.issuerKeys(pool, checkpointId).map(found -> {
            if (found.isEmpty()) {
                return new Verification(false, "Checkpoint " + checkpointId + " is not one incident-service published");
            }
            ChainCheckpoint.Check check = ChainCheckpoint.checkExport(integrity,
                    KeyRing.fromJwks(readTree(found.get())));
            return check.valid() ? new Verification(true, chain.reason() + "; " + check.detail())
                    : new Verification(false, "The checkpoint does not hold: " + check.detail());
        });
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
