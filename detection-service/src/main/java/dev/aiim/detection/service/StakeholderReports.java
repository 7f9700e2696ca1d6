package dev.aiim.detection.service;

import dev.aiim.contracts.DetectionSource;
import dev.aiim.contracts.IncidentCategory;
import dev.aiim.contracts.ReportedTimes;
import dev.aiim.contracts.detection.DetectionRaised;
import dev.aiim.detection.domain.ReportConcern;
import dev.aiim.detection.domain.StakeholderReport;
import dev.aiim.detection.repository.DetectionOutbox;
import dev.aiim.detection.repository.AiSystemRepository;
import dev.aiim.detection.repository.RaisedDetectionRepository;
import dev.aiim.detection.repository.StakeholderReportRepository;
import dev.aiim.platform.problem.InvalidRequestException;
import dev.aiim.platform.problem.ResourceNotFoundException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "Something seems wrong": a report is stored with its receipt at once (no broker in the way), and the
 * outbox publishes it as a {@code detection.raised} with source STAKEHOLDER_REPORT.
 */
@ApplicationScoped
public class StakeholderReports {

    private static final Logger LOG = Logger.getLogger(StakeholderReports.class);

    /** What a reporter tells; only the description is required. */
    public record Submission(String systemId, ReportConcern concern, String description, Instant noticedAt,
                             String affected, String contact) {
    }

    private final Pool pool;
    private final StakeholderReportRepository reports;
    private final AiSystemRepository systems;
    private final RaisedDetectionRepository detections;
    private final DetectionOutbox outbox;
    private final Clock clock;

    public StakeholderReports(Pool pool, StakeholderReportRepository reports, AiSystemRepository systems,
                              RaisedDetectionRepository detections, DetectionOutbox outbox, Clock clock) {
        this.pool = pool;
        this.reports = reports;
        this.systems = systems;
        this.detections = detections;
        this.outbox = outbox;
        this.clock = clock;
    }

    @WithSession
    public Uni<StakeholderReport> submit(Submission s, StakeholderReport.Channel channel, String submittedBy) {
        Uni<Void> systemKnown = s.systemId() == null ? Uni.createFrom().voidItem() : systems.find(s.systemId())
                .map(found -> {
                    if (found.isEmpty()) {
                        throw new InvalidRequestException("systemId", "is not a registered AI system; leave it out"
                                + " if you are not sure");
                    }
                    return null;
                });
        Instant now = clock.instant();
        // the report's incident starts when it was noticed, so the time is bounded like every reported time
        String noticedProblem = s.noticedAt() == null ? null : ReportedTimes.problem(s.noticedAt(), now);
        if (noticedProblem != null) {
            throw new InvalidRequestException("noticedAt", noticedProblem);
        }
        String receiptId = "R-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        StakeholderReport report = new StakeholderReport(receiptId, s.systemId(),
                s.concern() == null ? ReportConcern.NOT_SURE : s.concern(), s.description().strip(), s.noticedAt(),
                blankToNull(s.affected()), blankToNull(s.contact()), channel, submittedBy, now,
                "report-" + receiptId, null, null, null);
        return systemKnown.chain(() -> reports.insert(pool, report))
                .invoke(() -> LOG.infof("Stakeholder report %s received (%s, system %s)", receiptId, channel,
                        s.systemId()))
                .replaceWith(report);
    }

    public Uni<StakeholderReport> find(String receiptId) {
        return reports.find(pool, receiptId).map(found -> found.orElseThrow(
                () -> new ResourceNotFoundException("Report", receiptId)));
    }

    /**
     * Forwards up to {@code batch} waiting reports, oldest first, and answers how many went. One transaction on the
     * reactive SQL client: the reports are locked, their detections recorded and queued on the detection outbox
     * (relayed to Kafka after the commit), and the reports marked forwarded.
     */
    public Uni<Integer> publishPending(int batch) {
        return pool.withTransaction(connection -> reports.unpublished(connection, batch).chain(pending -> {
            if (pending.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<DetectionRaised> raised = pending.stream().map(StakeholderReports::detection).toList();
            return detections.record(connection, raised, "stakeholder-report")
                    .chain(() -> outbox.detections(connection, raised, List.of()))
                    .chain(() -> reports.markPublished(connection,
                            pending.stream().map(StakeholderReport::receiptId).toList(), clock.instant()))
                    .invoke(() -> pending.forEach(report -> LOG.infof("Stakeholder report %s forwarded as detection %s",
                            report.receiptId(), report.detectionId())))
                    .replaceWith(pending.size());
        }));
    }

    private static DetectionRaised detection(StakeholderReport report) {
        IncidentCategory category = report.concern().category();
        String correlation = (report.systemId() != null ? report.systemId() : "unidentified-system") + ":" + category.name();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("receiptId", report.receiptId());
        evidence.put("concern", report.concern().label());
        evidence.put("description", report.description());
        if (report.affected() != null) {
            evidence.put("affected", report.affected());
        }
        if (report.noticedAt() != null) {
            evidence.put("noticedAt", report.noticedAt().toString());
        }
        // Contact details stay in this service's database; the incident only learns that there are some.
        evidence.put("contactProvided", report.contact() != null);
        String summary = "Stakeholder report: " + abbreviate(report.description(), 200);
        return new DetectionRaised(report.detectionId(), correlation, null, report.systemId(), category, summary, null,
                DetectionSource.STAKEHOLDER_REPORT, null, report.noticedAt(), report.submittedAt(),
                Map.of("channel", report.channel().name()), evidence, false);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
